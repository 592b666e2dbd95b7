import ArgumentParser

/// The `cqrs-gen` command: checks CQRS domain specs and turns them into Swift.
@main
struct CQRSGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cqrs-gen",
        abstract: "Checks CQRS domain specs (*.cqrs.yaml) and generates Swift from them.",
        discussion: """
            A spec describes one bounded context: its aggregates with their commands and events, \
            the projections that build read models from those events, and the queries that read them.

            Problems are reported the way the Swift compiler reports its own, one per line:

              Sources/Shop/shop.cqrs.yaml:14:9: error: unknown event 'OrderShiped' in 'emits'; did you mean 'OrderShipped'?

            Exit status: 0 when no spec has an error (warnings are fine), 1 when a spec has errors, \
            2 for a usage error or a file that cannot be read.
            """,
        subcommands: [
            Validate.self,
            Generate.self,
            OpenAPI.self,
            TemplateKeys.self,
        ]
    )

    /// Runs the command line, exiting with ``ExitStatus/usageOrFileError`` for usage errors too.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error))
                exit(withError: ExitStatus.usageOrFileError)
            }
            exit(withError: error)
        }
    }
}
