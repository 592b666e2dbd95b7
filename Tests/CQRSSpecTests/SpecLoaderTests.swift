import CQRSSpec
import Foundation
import Testing

@Suite("SpecLoader")
struct SpecLoaderTests {
    @Test("a missing file is a file error, not a diagnostic")
    func missingFile() {
        #expect(throws: SpecFileError.notFound(path: "/no/such/spec.cqrs.yaml")) {
            try SpecLoader().load(path: "/no/such/spec.cqrs.yaml")
        }
    }

    @Test("a directory is a file error")
    func directory() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: SpecFileError.isDirectory(path: path)) {
            try SpecLoader().load(path: path)
        }
    }

    @Test("a file is read and its path kept as given")
    func readsFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID()).cqrs.yaml")
        try Data(baseSpec().utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try SpecLoader().load(path: url.path)
        #expect(result.spec?.path == url.path)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("loading text and bytes gives the same result")
    func textAndBytes() {
        let text = baseSpec(["emits: [OrderClosed]": "emits: [Nope]"])
        let fromText = SpecLoader().load(contents: text, path: "a.yaml")
        let fromBytes = SpecLoader().load(contents: Array(text.utf8), path: "a.yaml")
        #expect(fromText == fromBytes)
        #expect(fromText.errors.count == 1)
        #expect(fromText.errors.first?.path == "a.yaml")
    }

    @Test("diagnostics print in the compiler's format, notes on their own lines")
    func diagnosticFormat() {
        var diagnostic = Diagnostic(
            severity: .error, message: "aggregate 'A' has the name of the type declared at line 1", path: "x.yaml",
            location: SourceLocation(line: 3, column: 1), notes: ["rename one of them"]
        )
        diagnostic.relatedNotes = [.init("'A' was first declared here", at: SourceLocation(line: 1, column: 3))]
        #expect(
            diagnostic.description
                == """
                x.yaml:3:1: error: aggregate 'A' has the name of the type declared at line 1
                x.yaml:3:1: note: rename one of them
                x.yaml:1:3: note: 'A' was first declared here
                """)
    }

    @Test("YAML-level and spec-level problems are reported together, in file order")
    func mixedProblems() {
        let text = baseSpec([
            "emits: [OrderClosed]": "emits: [Nope]",
            "  GetOrder:\n    projection: UserOrders\n":
                "  GetOrder:\n    projection: UserOrders\n    projection: UserOrders\n",
        ])
        let result = load(text)
        #expect(result.errors.map(\.location.line) == [20, 41])
        #expect(result.errors.last?.message == "duplicate key 'projection'")
    }
}
