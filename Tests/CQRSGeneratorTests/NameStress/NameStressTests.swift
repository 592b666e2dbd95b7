import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

/// Every valid spec compiles: each declaration of the base spec (`StressSpec`) renamed, one at a time,
/// to each name of `StressNames` must give either a located error from the validator or generated
/// code that type-checks under Swift 6 with warnings as errors.
///
/// Validating is cheap, so every single rename is validated on its own. Type-checking is not: the
/// renames the validator accepts are packed into combined variants (one name per kind, no name twice
/// in a variant), which are type-checked in batches as one module (each variant has a domain of its
/// own, so they do not collide). A combined variant that does not compile is taken apart: each of
/// its renames is type-checked alone, and the test reports those that fail alone (or the
/// combination, if none does).
@Suite("Name stress: every accepted name compiles")
struct NameStressTests {
    typealias Kind = StressSpec.Kind

    /// One spec to type-check: some declarations renamed.
    struct Variant: Sendable {
        var renames: [Kind: String]
        /// A short unique tag: the spec's file name, and so its generated files' (`v12.types.swift`).
        var tag: String
        var spec: Spec

        /// The generated files (made when the batch is type-checked, to keep memory low).
        func files() throws -> [GeneratedFile] {
            try CodeGenerator(access: .public).generate(spec)
        }

        var summary: String {
            renames.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) '\($0.value)'" }
                .joined(separator: ", ")
        }
    }

    @Test("The base spec, with every declaration at its default name, is valid")
    func baseSpecIsValid() throws {
        _ = try loadValidSpec(yaml: StressSpec.text(renaming: [:], domain: Kind.domain.defaultName))
    }

    @Test("Each declaration renamed to each stress name is refused with a location or compiles")
    func everyNameIsRefusedOrCompiles() async throws {
        let names = try StressNames.all(packageRoot: packageRoot)
        var accepted: [Kind: [String]] = [:]
        for kind in Kind.allCases {
            for (index, name) in names.enumerated() {
                let tag = "\(kind.rawValue)\(index)"
                let result = Self.load([kind: name], domain: "D\(tag)", tag: tag)
                if let errors = result.errors {
                    for error in errors {
                        #expect(
                            error.location.line > 0 && error.location.column > 0,
                            "\(kind) renamed to '\(name)': an error without a location: \(error)")
                    }
                } else {
                    accepted[kind, default: []].append(name)
                }
            }
        }
        // A broken base spec would refuse every rename and compile nothing: every kind must take some.
        for kind in Kind.allCases {
            #expect(accepted[kind]?.isEmpty == false, "no name was accepted for \(kind): is the base spec valid?")
        }
        let counts = Kind.allCases.map { "\($0): \(accepted[$0]?.count ?? 0)" }.joined(separator: ", ")
        print("name stress: \(names.count) names for each of \(Kind.allCases.count) kinds; accepted: \(counts)")

        let variants = Self.combinedVariants(accepted)
        print("name stress: type-checking \(variants.count) variants")
        let batches = stride(from: 0, to: variants.count, by: 40).map {
            Array(variants[$0..<min($0 + 40, variants.count)])
        }
        for (variant, output) in try await Self.failingVariants(in: batches) {
            Issue.record("\(variant.summary): validates but does not compile:\n\(output)")
        }
    }

    /// Loads the base spec with `renames`: its errors, or the spec.
    private static func load(_ renames: [Kind: String], domain: String, tag: String) -> (
        errors: [Diagnostic]?, spec: Spec?
    ) {
        let text = StressSpec.text(renaming: renames, domain: domain)
        let result = SpecLoader().load(contents: text, path: "\(tag).cqrs.yaml")
        let errors = result.diagnostics.filter { $0.severity == .error }
        return errors.isEmpty ? (nil, result.spec) : (errors, nil)
    }

    /// The accepted renames packed into specs of one name per kind, no name twice in one spec; a
    /// combination the validator refuses is split into single renames.
    private static func combinedVariants(_ accepted: [Kind: [String]]) -> [Variant] {
        var queues = accepted.mapValues { $0[...] }
        var variants: [Variant] = []
        var number = 0
        while queues.values.contains(where: { !$0.isEmpty }) {
            number += 1
            var renames: [Kind: String] = [:]
            var used: Set<String> = []
            for kind in Kind.allCases {
                guard var queue = queues[kind],
                    let position = queue.firstIndex(where: { !used.contains(SpecNaming.lowerCamelCase($0)) })
                else { continue }
                let name = queue.remove(at: position)
                queues[kind] = queue
                renames[kind] = name
                used.insert(SpecNaming.lowerCamelCase(name))
            }
            let tag = "v\(number)"
            if let spec = load(renames, domain: "D\(tag)", tag: tag).spec {
                variants.append(Variant(renames: renames, tag: tag, spec: spec))
            } else {
                for (kind, name) in renames {
                    let single = "\(tag)\(kind.rawValue)"
                    if let spec = load([kind: name], domain: "D\(single)", tag: single).spec {
                        variants.append(Variant(renames: [kind: name], tag: single, spec: spec))
                    }
                }
            }
        }
        return variants
    }

    /// The variants that do not type-check, with the compiler's output; two batches at a time (the
    /// machine has two cores).
    private static func failingVariants(in batches: [[Variant]]) async throws -> [(Variant, String)] {
        var failures: [(Variant, String)] = []
        var pending = batches[...]
        try await withThrowingTaskGroup(of: [(Variant, String)].self) { group in
            for _ in 0..<2 {
                guard let batch = pending.popFirst() else { break }
                group.addTask { try failingVariants(inBatch: batch) }
            }
            while let found = try await group.next() {
                failures += found
                if let batch = pending.popFirst() { group.addTask { try failingVariants(inBatch: batch) } }
            }
        }
        return failures.sorted { $0.0.summary < $1.0.summary }
    }

    private static func failingVariants(inBatch batch: [Variant]) throws -> [(Variant, String)] {
        let result = try typecheck(try batch.flatMap { try $0.files() }, wholeModule: true)
        if compiles(result) { return [] }
        // The variants the compiler names, or all of them if it names none; then their renames alone.
        let named = batch.filter { result.output.contains("/\($0.tag).") }
        var failures: [(Variant, String)] = []
        for variant in named.isEmpty ? batch : named {
            let together = batch.count == 1 ? result : try typecheck(try variant.files(), wholeModule: true)
            if compiles(together) { continue }
            var alone: [(Variant, String)] = []
            if variant.renames.count > 1 {
                for (kind, name) in variant.renames {
                    let tag = "\(variant.tag)\(kind.rawValue)"
                    guard let spec = load([kind: name], domain: "D\(tag)", tag: tag).spec else { continue }
                    let single = Variant(renames: [kind: name], tag: tag, spec: spec)
                    let output = try typecheck(try single.files(), wholeModule: true)
                    if !compiles(output) { alone.append((single, firstLines(of: output.output))) }
                }
            }
            failures += alone.isEmpty ? [(variant, firstLines(of: together.output))] : alone
        }
        if failures.isEmpty {
            Issue.record(
                "a batch of \(batch.count) variants fails together but none fails alone:\n\(firstLines(of: result.output))"
            )
        }
        return failures
    }

    private static func compiles(_ result: (status: Int32, output: String)) -> Bool {
        result.status == 0 && !result.output.contains("warning:")
    }

    private static func firstLines(of output: String, count: Int = 30) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.prefix(count).joined(separator: "\n") + (lines.count > count ? "\n…" : "")
    }
}
