import Foundation
import PackagePlugin

/// Generates Swift from every `*.cqrs.yaml` (or `*.cqrs.yml`) spec in a target, at build time.
///
/// Add it to a target and put the spec among the target's sources:
///
/// ```swift
/// .executableTarget(
///     name: "Shop",
///     dependencies: [.product(name: "CQRS", package: "swift-cqrs")],
///     plugins: [.plugin(name: "CQRSGeneratorPlugin", package: "swift-cqrs")]
/// )
/// ```
///
/// Each spec is one build command with its own inputs and outputs, so an unchanged spec is not
/// generated again and specs generate in parallel. Spec errors appear in the build at their line.
/// Declarations are `internal` in executable and test targets and `public` in library targets.
///
/// A `cqrs-generator-config.yaml` among the target's files chooses more outputs: `http: true` adds
/// `NAME.http.swift`, the spec's HTTP API (the target then depends on `CQRSHummingbird`).
@main
struct CQRSGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let tool = try context.tool(named: "cqrs-gen")
        let accessLevel = SpecFiles.accessLevel(for: target.kind)
        let config = SpecFiles.configuration(in: target)
        return SpecFiles.specs(in: target).map { spec in
            .buildCommand(
                displayName: "Generating CQRS code from \(spec.lastPathComponent)",
                executable: tool.url,
                arguments: [
                    "generate", spec.path(percentEncoded: false),
                    "--output-directory", outputDirectory.path(percentEncoded: false),
                    "--access-level", accessLevel,
                ] + (config.map { ["--config", $0.path(percentEncoded: false)] } ?? []),
                inputFiles: [spec] + (config.map { [$0] } ?? []),
                outputFiles: SpecFiles.outputNames(forSpecNamed: spec.lastPathComponent, configured: config != nil)
                    .map { outputDirectory.appending(path: $0) }
            )
        }
    }
}

/// Finding specs and naming what the generator writes for them.
enum SpecFiles {
    /// The spec files among a target's sources, in path order.
    static func specs(in target: SourceModuleTarget) -> [URL] {
        target.sourceFiles
            .map(\.url)
            .filter { isSpec($0.lastPathComponent) }
            .sorted { $0.path < $1.path }
    }

    static func isSpec(_ fileName: String) -> Bool {
        fileName.hasSuffix(".cqrs.yaml") || fileName.hasSuffix(".cqrs.yml")
    }

    /// The target's generator configuration (`GeneratorConfiguration.fileNames` in CQRSGenerator), if any.
    static func configuration(in target: SourceModuleTarget) -> URL? {
        target.sourceFiles.map(\.url).first {
            ["cqrs-generator-config.yaml", "cqrs-generator-config.yml"].contains($0.lastPathComponent)
        }
    }

    /// The files `cqrs-gen generate` writes for a spec; it names them the same way
    /// (`GeneratedFile.names(forSpecNamed:)` in CQRSGenerator). With a configuration it also writes
    /// `NAME.http.swift`, whatever the configuration says.
    static func outputNames(forSpecNamed fileName: String, configured: Bool) -> [String] {
        var stem = fileName
        for suffix in [".cqrs.yaml", ".cqrs.yml"] where stem.hasSuffix(suffix) {
            stem = String(stem.dropLast(suffix.count))
        }
        let outputs = ["types", "aggregates", "projections", "queries", "reactions", "application"]
        return (outputs + (configured ? ["http"] : [])).map { "\(stem).\($0).swift" }
    }

    /// `internal` where nothing imports the target (executables, tests), `public` elsewhere.
    static func accessLevel(for kind: ModuleKind) -> String {
        switch kind {
        case .executable, .test, .snippet: "internal"
        default: "public"
        }
    }
}
