import ArgumentParser

/// The exit statuses of `cqrs-gen`.
enum ExitStatus {
    /// At least one spec has an error.
    static let specErrors = ExitCode(1)
    /// The command line is wrong, or a spec file cannot be read.
    static let usageOrFileError = ExitCode(2)
}
