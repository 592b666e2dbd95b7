import ArgumentParser
import CQRSGenerator
import CQRSSpec
import Foundation

/// `compile-time`: how long the Swift compiler takes on the generated code for a synthetic spec,
/// against a minimal hand-written file that declares the same types (plain Codable structs and enums).
struct CompileTimeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile-time",
        abstract: "Times swiftc on the generated code of a synthetic spec against a minimal file with the same types.",
        discussion: """
            The spec is synthesized with enough aggregates for --events events (six per aggregate). The \
            generated files import the runtime, found in the Modules folder beside this executable \
            (so run the release build of the package). Both are compiled to object files, debug, \
            alternating, and the medians are compared.
            """
    )

    @Option(help: "About how many events the synthetic spec declares.")
    var events: Int = 500

    @Option(help: "The number of timed compiles of each.")
    var iterations: Int = 3

    func run() throws {
        let aggregates = max(1, events / 6)
        let text = SpecSynthesizer(aggregateCount: aggregates).spec()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-compile-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let generatedFolder = folder.appendingPathComponent("generated")
        let minimalFolder = folder.appendingPathComponent("minimal")
        let result = SpecLoader().load(contents: text, path: "synthetic.cqrs.yaml")
        guard let spec = result.spec else { throw ValidationError("the synthetic spec has errors") }
        let eventCount = spec.aggregates.reduce(0) { $0 + $1.events.count }
        try OutputWriter().write(try CodeGenerator(access: .public).generate(spec), to: generatedFolder.path)
        try OutputWriter().write(
            [GeneratedFile(name: "Minimal.swift", contents: MinimalDeclarations(spec: spec).source())],
            to: minimalFolder.path
        )
        let modules = try Self.runtimeModules()
        var generatedTimes: [Duration] = []
        var minimalTimes: [Duration] = []
        for iteration in 0...iterations {
            let generated = try Self.compile(folder: generatedFolder, modules: modules)
            let minimal = try Self.compile(folder: minimalFolder, modules: modules)
            if iteration > 0 {
                generatedTimes.append(generated)
                minimalTimes.append(minimal)
            }
        }
        typealias V = ValidateBenchmark
        let lines = { (folder: URL) -> Int in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).reduce(0) { sum, name in
                sum
                    + ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))?.split(
                        separator: "\n"
                    ).count ?? 0)
            }
        }
        print("spec:            \(aggregates) aggregates, \(eventCount) events")
        print(
            "generated code:  \(lines(generatedFolder)) lines in 5 files, compile median \(V.milliseconds(V.median(generatedTimes))) ms"
        )
        print(
            "minimal types:   \(lines(minimalFolder)) lines in 1 file, compile median \(V.milliseconds(V.median(minimalTimes))) ms"
        )
        print(
            "ratio:           \(String(format: "%.2f", V.seconds(V.median(generatedTimes)) / V.seconds(V.median(minimalTimes))))×"
        )
    }

    /// Compiles every Swift file of a folder to object files (debug, one frontend job per file).
    static func compile(folder: URL, modules: URL) throws -> Duration {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            .sorted().map { folder.appendingPathComponent($0).path }
        let objects = folder.appendingPathComponent("objects")
        try? FileManager.default.removeItem(at: objects)
        try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "swiftc", "-c", "-parse-as-library", "-swift-version", "6", "-module-name", "Bench", "-j", "2",
                "-I", modules.path,
            ] + files
        process.currentDirectoryURL = objects
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = clock.now - start
        guard process.terminationStatus == 0 else {
            throw ValidationError("swiftc failed on \(folder.path) (exit \(process.terminationStatus))")
        }
        return elapsed
    }

    /// The Modules folder of the build this executable belongs to.
    static func runtimeModules() throws -> URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let folder = executable.deletingLastPathComponent().appendingPathComponent("Modules")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("CQRS.swiftmodule").path) else {
            throw ValidationError("no CQRS.swiftmodule in \(folder.path): build the package first")
        }
        return folder
    }
}

/// The same types as the generated code, declared the way a person would with nothing else:
/// Codable, Sendable, Hashable structs with their fields, and String enums.
struct MinimalDeclarations {
    let spec: Spec

    func source() -> String {
        // CQRS only for `@CQRS.Indirect`: a struct holding an optional of itself needs it by hand too.
        var text = "import CQRS\nimport Foundation\n\npublic enum \(spec.domain) {}\n"
        let structNames = Set(
            spec.types.compactMap { declaration -> String? in
                if case .structure = declaration.kind { return declaration.name }
                return nil
            })
        func type(_ expression: TypeExpression) -> String {
            switch expression {
            case .named(let name): BuiltinType(rawValue: name) != nil ? name : "\(spec.domain).\(name)"
            case .array(let element): "[\(type(element))]"
            case .dictionary(let key, let value): "[\(type(key)): \(type(value))]"
            case .optional(let wrapped): "\(type(wrapped))?"
            }
        }
        func structure(_ name: String, in namespace: String, _ fields: [Field]) {
            text += "\nextension \(namespace) {\n    public struct \(name): Codable, Sendable, Hashable {\n"
            for field in fields {
                var indirect = ""
                if case .optional(.named(let name)) = field.type, structNames.contains(name) {
                    indirect = "@CQRS.Indirect "
                }
                text += "        \(indirect)public var `\(field.name)`: \(type(field.type))\n"
            }
            text += "    }\n}\n"
        }
        for declaration in spec.types {
            switch declaration.kind {
            case .enumeration(let cases):
                text +=
                    "\nextension \(spec.domain) {\n    public enum \(declaration.name): String, Codable, Sendable, Hashable {\n"
                for name in cases { text += "        case `\(name)`\n" }
                text += "    }\n}\n"
            case .structure(let fields):
                structure(declaration.name, in: spec.domain, fields)
            }
        }
        for aggregate in spec.aggregates {
            text += "\nextension \(spec.domain) {\n    public enum \(aggregate.name) {}\n}\n"
            let namespace = "\(spec.domain).\(aggregate.name)"
            structure("State", in: namespace, aggregate.state)
            for command in aggregate.commands { structure(command.name, in: namespace, command.fields) }
            for event in aggregate.events { structure(event.name, in: namespace, event.fields) }
        }
        for projection in spec.projections { structure(projection.name, in: spec.domain, projection.fields) }
        for query in spec.queries {
            let fields: [Field]
            switch query.kind {
            case .custom(let parameters, _): fields = parameters
            case .byKey(let names), .byIndex(let names):
                let row = spec.projections.first { $0.name == query.projection }?.fields ?? []
                fields = names.compactMap { name in row.first { $0.name == name } }
            case .all: fields = []
            }
            structure(query.name, in: spec.domain, fields)
        }
        return text
    }
}
