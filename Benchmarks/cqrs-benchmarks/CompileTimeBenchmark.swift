import ArgumentParser
import CQRSGenerator
import CQRSSpec
import Foundation

#if canImport(Glibc)
    import Glibc

    private let childrenUsage = __rusage_who_t(RUSAGE_CHILDREN.rawValue)
#elseif canImport(Darwin)
    import Darwin

    private let childrenUsage = RUSAGE_CHILDREN
#endif

/// `compile-time`: how long the Swift compiler takes on the generated code for a synthetic spec,
/// against a minimal hand-written file that declares the same types (plain Codable structs and enums).
struct CompileTimeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile-time",
        abstract: "Times swiftc on the generated code of a synthetic spec against a minimal file with the same types.",
        discussion: """
            The spec is synthesized with enough aggregates for --events events (six per aggregate). The \
            generated files import the runtime, found in the Modules folder beside this executable \
            (so run the release build of the package). Both are compiled to object files, alternating, \
            in debug and in release unless --configuration says otherwise, and the medians of wall-clock \
            and CPU time (the driver and its frontend jobs) are compared.
            """
    )

    @Option(help: "About how many events the synthetic spec declares.")
    var events: Int = 500

    @Option(help: "The number of timed compiles of each.")
    var iterations: Int = 3

    @Option(help: "debug (-Onone), release (-O), or both.")
    var configuration: Configuration = .both

    /// Which optimization levels to compile with.
    enum Configuration: String, ExpressibleByArgument {
        case debug, release, both

        var optimizationFlags: [(name: String, flag: String)] {
            switch self {
            case .debug: [("debug", "-Onone")]
            case .release: [("release", "-O")]
            case .both: [("debug", "-Onone"), ("release", "-O")]
            }
        }
    }

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
        typealias V = ValidateBenchmark
        let generatedLines = Self.lineCount(generatedFolder)
        let minimalLines = Self.lineCount(minimalFolder)
        let perEvent = String(format: "%.1f", Double(generatedLines) / Double(eventCount))
        print("spec:            \(aggregates) aggregates, \(eventCount) events")
        print("generated code:  \(generatedLines) non-empty lines in 5 files, \(perEvent) per event")
        print("minimal types:   \(minimalLines) non-empty lines in 1 file")
        for (name, flag) in configuration.optimizationFlags {
            var generated: [Compile] = []
            var minimal: [Compile] = []
            for iteration in 0...iterations {
                let generatedRun = try Self.compile(folder: generatedFolder, modules: modules, optimization: flag)
                let minimalRun = try Self.compile(folder: minimalFolder, modules: modules, optimization: flag)
                if iteration > 0 || iterations == 0 {
                    generated.append(generatedRun)
                    minimal.append(minimalRun)
                }
            }
            func median(_ runs: [Compile], _ time: KeyPath<Compile, Duration>) -> Duration {
                V.median(runs.map { $0[keyPath: time] })
            }
            func ratio(_ time: KeyPath<Compile, Duration>) -> String {
                String(format: "%.2f", V.seconds(median(generated, time)) / V.seconds(median(minimal, time)))
            }
            print(
                "\(name) (\(flag)): generated wall \(V.milliseconds(median(generated, \.wall))) ms, "
                    + "CPU \(V.milliseconds(median(generated, \.cpu))) ms; minimal wall "
                    + "\(V.milliseconds(median(minimal, \.wall))) ms, CPU \(V.milliseconds(median(minimal, \.cpu))) ms; "
                    + "ratio wall \(ratio(\.wall))×, CPU \(ratio(\.cpu))×"
            )
        }
    }

    /// One timed compile: elapsed time, and the CPU time of the driver and its frontend jobs.
    struct Compile {
        var wall: Duration
        var cpu: Duration
    }

    /// The number of non-empty lines of the Swift files of a folder.
    static func lineCount(_ folder: URL) -> Int {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".swift")
        }
        return names.reduce(0) { sum, name in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return sum + text.split(separator: "\n").count
        }
    }

    /// Compiles every Swift file of a folder to object files (one frontend job per file, `-j 2`).
    static func compile(folder: URL, modules: URL, optimization: String) throws -> Compile {
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
                optimization, "-I", modules.path,
            ] + files
        process.currentDirectoryURL = objects
        let cpuBefore = Self.childrenCPUTime()
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = clock.now - start
        guard process.terminationStatus == 0 else {
            throw ValidationError("swiftc failed on \(folder.path) (exit \(process.terminationStatus))")
        }
        return Compile(wall: elapsed, cpu: Self.childrenCPUTime() - cpuBefore)
    }

    /// User and system time of every child process waited for so far (the driver waits for its jobs).
    static func childrenCPUTime() -> Duration {
        var usage = rusage()
        getrusage(childrenUsage, &usage)
        func duration(_ time: timeval) -> Duration {
            .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec))
        }
        return duration(usage.ru_utime) + duration(usage.ru_stime)
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
            case .union(let cases):
                text +=
                    "\nextension \(spec.domain) {\n    public enum \(declaration.name): Codable, Sendable, Hashable {\n"
                for unionCase in cases { text += "        case `\(unionCase.name)`(\(unionCase.typeName))\n" }
                text += "    }\n}\n"
                for unionCase in cases {
                    structure(unionCase.typeName, in: "\(spec.domain).\(declaration.name)", unionCase.fields)
                }
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
