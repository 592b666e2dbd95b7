import CQRSSpec
import Foundation
import Testing

/// The sample specs (`Tests/Specs`): every valid one loads without errors, and every invalid one yields
/// the diagnostics its `# expect:` lines name.
@Suite("Sample specs")
struct SampleSpecTests {
    static func specs(in directory: URL) -> [String] {
        // A missing folder is a broken checkout: fail loudly rather than run fewer tests.
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            fatalError("the sample specs folder \(directory.path) cannot be read: \(error)")
        }
        return names.filter { $0.hasSuffix(".cqrs.yaml") || $0.hasSuffix(".cqrs.yml") }.sorted()
    }

    static let validSpecs = specs(in: sampleSpecsDirectory)
    static let invalidSpecs = specs(in: sampleSpecsDirectory.appendingPathComponent("invalid"))

    @Test("the sample folders are found")
    func samplesExist() {
        #expect(Self.validSpecs.count >= 3)
        #expect(Self.invalidSpecs.count >= 5)
    }

    @Test("valid samples load without errors", arguments: validSpecs)
    func validSample(name: String) throws {
        let path = sampleSpecsDirectory.appendingPathComponent(name).path
        let result = try SpecLoader().load(path: path)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description).joined(separator: "\n"))")
        let spec = try #require(result.spec)
        #expect(spec.path == path)
        #expect(!spec.aggregates.isEmpty)
    }

    /// One `# expect: LINE:COL: SEVERITY: piece … piece` line.
    struct Expectation {
        var line: Int
        var column: Int?
        var severity: Diagnostic.Severity
        var pieces: [String]

        init?(_ text: Substring) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { return nil }
            let body = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            guard body.hasPrefix("expect:") else { return nil }
            let parts = body.dropFirst("expect:".count).split(separator: ":", maxSplits: 3)
            guard parts.count >= 3, let line = Int(parts[0].trimmingCharacters(in: .whitespaces)),
                let severity = Diagnostic.Severity(rawValue: parts[2].trimmingCharacters(in: .whitespaces))
            else { return nil }
            let column = parts[1].trimmingCharacters(in: .whitespaces)
            self.line = line
            self.column = column == "*" ? nil : Int(column)
            self.severity = severity
            self.pieces =
                parts.count > 3
                ? parts[3].components(separatedBy: "…").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                : []
        }

        func matches(_ diagnostic: Diagnostic) -> Bool {
            guard diagnostic.location.line == line, column == nil || diagnostic.location.column == column,
                diagnostic.severity == severity
            else { return false }
            let text = ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")
            var from = text.startIndex
            for piece in pieces {
                guard let range = text.range(of: piece, range: from..<text.endIndex) else { return false }
                from = range.upperBound
            }
            return true
        }
    }

    @Test("invalid samples yield exactly their expected errors", arguments: invalidSpecs)
    func invalidSample(name: String) throws {
        let path = sampleSpecsDirectory.appendingPathComponent("invalid").appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expectations = text.split(separator: "\n").compactMap(Expectation.init)
        #expect(!expectations.isEmpty, "\(name) has no '# expect:' line")
        let result = try SpecLoader().load(path: path)
        #expect(result.spec == nil)
        var used: Set<Int> = []
        var next = 0
        for expectation in expectations {
            let index = result.diagnostics.indices.first { $0 >= next && expectation.matches(result.diagnostics[$0]) }
            guard let index else {
                Issue.record(
                    "\(name): missing \(expectation); got:\n\(result.diagnostics.map(\.description).joined(separator: "\n"))"
                )
                continue
            }
            used.insert(index)
            next = index + 1
        }
        for (index, diagnostic) in result.diagnostics.enumerated() where diagnostic.severity == .error {
            #expect(used.contains(index), "\(name): unexpected \(diagnostic)")
        }
    }
}
