import Foundation
import PackagePlugin

/// Writes the Swift generated from a target's specs into the target's own `Generated/` folder, for
/// those who commit generated code (instead of using `CQRSGeneratorPlugin` at build time).
///
/// ```
/// swift package --allow-writing-to-package-directory generate-cqrs-code --target Shop
/// ```
///
/// A `cqrs-generator-config.yaml` in the target is passed on (`http: true` adds the HTTP API).
/// Without `--target`, every target with a spec is generated. Use this plugin or the build plugin
/// on a target, not both: the two would declare the same types twice.
@main
struct GenerateCQRSCode: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = Set(extractor.extractOption(named: "target"))
        let tool = try context.tool(named: "cqrs-gen")
        let targets = context.package.targets
            .compactMap { $0 as? SourceModuleTarget }
            .filter { targetNames.isEmpty || targetNames.contains($0.name) }
        let unknown = targetNames.subtracting(targets.map(\.name))
        guard unknown.isEmpty else {
            throw PluginFailure("no target named \(unknown.sorted().joined(separator: ", ")) in this package")
        }
        var generated = 0
        for target in targets {
            let specs = target.sourceFiles.map(\.url)
                .filter { $0.lastPathComponent.hasSuffix(".cqrs.yaml") || $0.lastPathComponent.hasSuffix(".cqrs.yml") }
                .sorted { $0.path < $1.path }
            guard !specs.isEmpty else { continue }
            let output = target.directoryURL.appending(path: "Generated")
            let access: String =
                switch target.kind {
                case .executable, .test, .snippet: "internal"
                default: "public"
                }
            let config = target.sourceFiles.map(\.url).first {
                ["cqrs-generator-config.yaml", "cqrs-generator-config.yml"].contains($0.lastPathComponent)
            }
            let process = Process()
            process.executableURL = tool.url
            process.arguments =
                ["generate"] + specs.map { $0.path(percentEncoded: false) }
                + ["--output-directory", output.path(percentEncoded: false), "--access-level", access]
                + (config.map { ["--config", $0.path(percentEncoded: false)] } ?? [])
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw PluginFailure("cqrs-gen failed for target '\(target.name)' (exit \(process.terminationStatus))")
            }
            print("Generated \(specs.count) spec(s) of '\(target.name)' into \(output.path(percentEncoded: false))")
            generated += 1
        }
        if generated == 0 {
            print("No target has a *.cqrs.yaml spec; nothing generated.")
        }
    }
}

/// A failure the plugin reports to the user.
struct PluginFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
