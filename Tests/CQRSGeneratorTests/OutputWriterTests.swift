import CQRSGenerator
import Foundation
import Testing

/// Writing generated files: unchanged files are left alone.
@Suite("Output writer")
struct OutputWriterTests {
    @Test("A file whose contents are unchanged is not rewritten")
    func unchangedFilesAreLeftAlone() throws {
        let folder = try temporaryFolder("out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            GeneratedFile(name: "a.swift", contents: "let a = 1\n"),
            GeneratedFile(name: "b.swift", contents: "let b = 2\n"),
        ]
        #expect(try OutputWriter().write(files, to: folder.path) == ["a.swift", "b.swift"])
        let path = folder.appendingPathComponent("a.swift").path
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(try OutputWriter().write(files, to: folder.path).isEmpty)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(before == after)
        let changed = [files[0], GeneratedFile(name: "b.swift", contents: "let b = 3\n")]
        #expect(try OutputWriter().write(changed, to: folder.path) == ["b.swift"])
        #expect(
            try String(contentsOfFile: folder.appendingPathComponent("b.swift").path, encoding: .utf8) == "let b = 3\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
