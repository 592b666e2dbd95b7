import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

/// The package's root folder.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The sample specs, `Tests/Specs` (copies of the format's shared samples, kept in the repository).
let sampleSpecs = packageRoot.appendingPathComponent("Tests/Specs")

/// The reference (golden) outputs, one folder per sample spec.
let referencesFolder = packageRoot.appendingPathComponent("Tests/CQRSGeneratorTests/References")

/// The generator's own test specs (corners of the format the samples do not reach), which the
/// `GeneratedCodeTests` target also builds with the plugin and runs.
let localSpecs = packageRoot.appendingPathComponent("Tests/GeneratedCodeTests")

/// The Bank example's workflow (its reactions), as `DomainTests` builds and runs it.
let workflowSpec = packageRoot.appendingPathComponent("Tests/DomainTests/bank-workflow.cqrs.yaml")

/// The valid specs every generator test runs on: the shared samples, the generator's own, then the Bank
/// example's workflow.
func sampleSpecPaths() -> [String] {
    let folders = [sampleSpecs, localSpecs].flatMap { folder in
        // A missing folder is a broken checkout: fail loudly rather than run fewer tests.
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            fatalError("the test specs folder \(folder.path) cannot be read: \(error)")
        }
        return names.filter { $0.hasSuffix(".cqrs.yaml") || $0.hasSuffix(".cqrs.yml") }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }
    return folders + [workflowSpec.path]
}

/// Loads a spec that must be valid.
func loadValidSpec(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Spec {
    let result = try SpecLoader().load(path: path)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
    return try #require(result.spec, sourceLocation: sourceLocation)
}

/// Loads a spec from text that must be valid.
func loadValidSpec(yaml: String, path: String = "test.cqrs.yaml") throws -> Spec {
    let result = SpecLoader().load(contents: yaml, path: path)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors)")
    return try #require(result.spec)
}

/// A readable line diff: the first differing lines with a little context.
func lineDiff(expected: String, actual: String, context: Int = 3, limit: Int = 40) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var first = 0
    while first < min(old.count, new.count), old[first] == new[first] { first += 1 }
    var oldEnd = old.count
    var newEnd = new.count
    while oldEnd > first, newEnd > first, old[oldEnd - 1] == new[newEnd - 1] {
        oldEnd -= 1
        newEnd -= 1
    }
    var lines: [String] = ["@@ line \(first + 1) @@"]
    for index in max(0, first - context)..<first { lines.append("  \(old[index])") }
    for index in first..<oldEnd { lines.append("- \(old[index])") }
    for index in first..<newEnd { lines.append("+ \(new[index])") }
    for index in oldEnd..<min(old.count, oldEnd + context) { lines.append("  \(old[index])") }
    if lines.count > limit { lines = Array(lines.prefix(limit)) + ["… (\(lines.count - limit) more lines)"] }
    return lines.joined(separator: "\n")
}

/// Runs a program and returns its exit status and combined output.
func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (
    status: Int32, output: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A fresh temporary folder.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("cqrs-\(name)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Type-checks the files as one module that imports the runtime built for these tests, under Swift 6
/// with warnings as errors; `wholeModule` runs one compiler job for all files (faster for many files).
func typecheck(_ files: [GeneratedFile], wholeModule: Bool = false) throws -> (status: Int32, output: String) {
    let folder = try temporaryFolder("compile")
    defer { try? FileManager.default.removeItem(at: folder) }
    try OutputWriter().write(files, to: folder.path)
    let paths = files.map { folder.appendingPathComponent($0.name).path }
    return try run(
        "/usr/bin/env",
        [
            "swiftc", "-typecheck", "-parse-as-library", "-swift-version", "6", "-warnings-as-errors",
            "-module-name", "GeneratedCode", "-I", try runtimeModulesFolder().path,
        ] + (try clangModuleMapFlags()) + (wholeModule ? ["-wmo"] : []) + paths
    )
}

/// The folder holding `CQRS.swiftmodule` (and its dependencies) of this build.
func runtimeModulesFolder() throws -> URL {
    let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
        for candidate in [folder.appendingPathComponent("Modules"), folder] {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("CQRS.swiftmodule").path) {
                return candidate
            }
        }
        folder = folder.deletingLastPathComponent()
    }
    throw ModulesNotFound(testBinary: testBinary.path)
}

/// `-Xcc -fmodule-map-file=…` for every C module of this build (SwiftNIO's, swift-crypto's, …), which a
/// file importing Hummingbird (the `http` output) needs to type-check outside SwiftPM.
func clangModuleMapFlags() throws -> [String] {
    let modules = try runtimeModulesFolder()
    let build = modules.lastPathComponent == "Modules" ? modules.deletingLastPathComponent() : modules
    let files = FileManager.default
    var maps: [String] = []
    for name in (try? files.contentsOfDirectory(atPath: build.path)) ?? [] where name.hasSuffix(".build") {
        let map = build.appendingPathComponent(name).appendingPathComponent("module.modulemap")
        if files.fileExists(atPath: map.path) { maps.append(map.path) }
    }
    var folder = build
    for _ in 0..<4 {
        let checkouts = folder.appendingPathComponent("checkouts")
        if files.fileExists(atPath: checkouts.path) {
            for package in (try? files.contentsOfDirectory(atPath: checkouts.path)) ?? [] {
                let sources = checkouts.appendingPathComponent(package).appendingPathComponent("Sources")
                for target in (try? files.contentsOfDirectory(atPath: sources.path)) ?? [] {
                    let map = sources.appendingPathComponent(target).appendingPathComponent("include/module.modulemap")
                    if files.fileExists(atPath: map.path) { maps.append(map.path) }
                }
            }
            break
        }
        folder = folder.deletingLastPathComponent()
    }
    return maps.sorted().flatMap { ["-Xcc", "-fmodule-map-file=" + $0] }
}

struct ModulesNotFound: Error, CustomStringConvertible {
    let testBinary: String
    var description: String { "CQRS.swiftmodule not found near the test binary \(testBinary)" }
}
