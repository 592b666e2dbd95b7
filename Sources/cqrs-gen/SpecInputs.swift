import CQRSGenerator
import CQRSSpec
import Foundation

/// Loads spec files for a subcommand, printing their diagnostics as it goes.
struct SpecInputs {
    /// The printer diagnostics go to.
    var printer = DiagnosticPrinter()
    /// Whether some file could not be read.
    private(set) var hadFileError = false
    /// Whether some spec had errors.
    private(set) var hadSpecErrors = false

    /// Loads and validates the spec at `path`, printing its diagnostics; returns the spec when it has
    /// no errors.
    mutating func load(_ path: String) -> Spec? {
        let result: SpecLoadResult
        do {
            result = try SpecLoader().load(path: path)
        } catch {
            printer.printFailure(error.description)
            hadFileError = true
            return nil
        }
        printer.print(result.diagnostics)
        if result.hasErrors {
            hadSpecErrors = true
        }
        return result.spec
    }

    /// Loads the generator configuration at `path`, printing its diagnostics; `nil` after an error.
    mutating func loadConfiguration(_ path: String) -> GeneratorConfiguration? {
        guard let contents = FileManager.default.contents(atPath: path) else {
            printer.printFailure("cannot read the generator configuration '\(path)'")
            hadFileError = true
            return nil
        }
        let (configuration, diagnostics) = GeneratorConfiguration.load(contents: Array(contents), path: path)
        printer.print(diagnostics)
        if configuration == nil {
            hadSpecErrors = true
        }
        return configuration
    }

    /// Reports specs that declare the same `domain` (specs compiled together must differ).
    mutating func checkDomainsDiffer(_ specs: [Spec]) {
        var seen: [String: String] = [:]
        for spec in specs {
            if let first = seen[spec.domain] {
                printer.print([
                    Diagnostic(
                        severity: .error,
                        message:
                            "domain '\(spec.domain)' is also the domain of '\(first)'; specs used together need different domains",
                        path: spec.path,
                        location: SourceLocation(line: 1, column: 1)
                    )
                ])
                hadSpecErrors = true
            } else {
                seen[spec.domain] = spec.path
            }
        }
    }

    /// Throws the exit status for what happened: a file error first, then spec errors.
    func finish() throws {
        if hadFileError { throw ExitStatus.usageOrFileError }
        if hadSpecErrors { throw ExitStatus.specErrors }
    }
}
