import Foundation
import Testing

/// The documentation cannot drift from code that compiles.
///
/// Every ```swift block of the DocC catalogs (every `.md` under `Sources/*/*.docc`) must appear verbatim, up
/// to each line's leading and trailing white space, in one of the Swift files of this folder, which the
/// build compiles and the other tests run (or, for a module with a test target of its own, such as
/// `CQRSWebhooks`, in a Swift file of `Tests/<Module>Tests`). Every ```yaml block must appear the same way in this folder's
/// `shop.cqrs.yaml`, the spec the snippets are generated from. Code that cannot compile here (a user's
/// `Package.swift`) is fenced ```swift-package; other fences name `bash` or `text`. Any other fence
/// language (or none) fails, so that a Swift block cannot slip past the check by its spelling.
@Suite("Documentation snippets")
struct SnippetTests {
    /// The fence languages the catalogs may use.
    static let checkedLanguages: Set<String> = ["swift", "yaml"]
    static let uncheckedLanguages: Set<String> = ["swift-package", "bash", "text"]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = folder.deletingLastPathComponent().deletingLastPathComponent()

    /// A fenced code block of an article.
    struct Block: CustomStringConvertible {
        var file: String
        var line: Int
        var language: String
        var lines: [String]

        var description: String { "\(file):\(line)" }
    }

    /// Every `.md` file of every catalog, relative to the package root, sorted.
    static func catalogFiles() throws -> [String] {
        let fileManager = FileManager.default
        let sources = packageRoot.appending(path: "Sources")
        var found: [String] = []
        for module in try fileManager.contentsOfDirectory(atPath: sources.path) {
            let moduleFolder = sources.appending(path: module)
            let entries = (try? fileManager.contentsOfDirectory(atPath: moduleFolder.path)) ?? []
            for catalog in entries where catalog.hasSuffix(".docc") {
                let catalogFolder = moduleFolder.appending(path: catalog)
                guard let walker = fileManager.enumerator(atPath: catalogFolder.path) else { continue }
                for case let path as String in walker where path.hasSuffix(".md") {
                    found.append("Sources/\(module)/\(catalog)/\(path)")
                }
            }
        }
        return found.sorted()
    }

    /// The fenced code blocks of a Markdown text (fences of three or more backticks, possibly indented).
    static func blocks(in text: String, file: String) -> [Block] {
        var blocks: [Block] = []
        var open: (fence: String, block: Block)?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var current = open {
                if trimmed.hasPrefix(current.fence) && trimmed.allSatisfy({ $0 == "`" }) {
                    blocks.append(current.block)
                    open = nil
                } else {
                    current.block.lines.append(String(line))
                    open = current
                }
            } else if trimmed.hasPrefix("```") {
                let fence = String(trimmed.prefix { $0 == "`" })
                let info = trimmed.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
                let language = String(info.prefix { $0 != " " && $0 != "," })
                open = (fence, Block(file: file, line: index + 1, language: language, lines: []))
            }
        }
        if let open { blocks.append(open.block) }  // unterminated: still checked
        return blocks
    }

    /// Lines without their leading and trailing white space; leading and trailing blank lines dropped.
    static func normalized(_ lines: [String]) -> [String] {
        var result = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        while result.first == "" { result.removeFirst() }
        while result.last == "" { result.removeLast() }
        return result
    }

    /// Whether `needle` occurs as consecutive lines of `haystack`.
    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    /// The normalised lines of this folder's files with the given extension, by file name.
    static func sources(withExtension pathExtension: String, in folder: URL = folder) throws -> [String: [String]] {
        var sources: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where name.hasSuffix(".\(pathExtension)") {
            let text = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
            sources[name] = normalized(text.components(separatedBy: "\n"))
        }
        return sources
    }

    /// The normalised lines of the Swift files of a catalog's module's own test target
    /// (`Tests/<Module>Tests`), if it has one.
    static func moduleTestSources(of file: String) throws -> [String: [String]] {
        let module = file.split(separator: "/").dropFirst().first.map(String.init) ?? ""
        let tests = packageRoot.appending(path: "Tests/\(module)Tests")
        guard FileManager.default.fileExists(atPath: tests.path) else { return [:] }
        return try sources(withExtension: "swift", in: tests)
    }

    static func allBlocks() throws -> [Block] {
        try catalogFiles().flatMap { file in
            blocks(in: try String(contentsOf: packageRoot.appending(path: file), encoding: .utf8), file: file)
        }
    }

    @Test("The catalogs are found, with their articles")
    func catalogsFound() throws {
        let files = try Self.catalogFiles()
        for expected in [
            "Sources/CQRS/CQRS.docc/CQRS.md", "Sources/CQRS/CQRS.docc/GettingStarted.md",
            "Sources/CQRS/CQRS.docc/Stores.md", "Sources/CQRS/CQRS.docc/Projections.md",
            "Sources/CQRS/CQRS.docc/Testing.md", "Sources/CQRS/CQRS.docc/Tracing.md",
            "Sources/CQRSTesting/CQRSTesting.docc/CQRSTesting.md",
            "Sources/CQRSWebhooks/CQRSWebhooks.docc/CQRSWebhooks.md",
            "Sources/CQRSHummingbird/CQRSHummingbird.docc/CQRSHummingbird.md",
        ] {
            #expect(files.contains(expected), "\(expected) is missing")
        }
        #expect(try Self.allBlocks().filter { $0.language == "swift" }.count >= 10)
    }

    @Test("Every ```swift block of the catalogs is compiled: it appears in a Swift file of DocumentationTests")
    func swiftBlocksAreCompiled() throws {
        let swiftFiles = try Self.sources(withExtension: "swift")
        for block in try Self.allBlocks() where block.language == "swift" {
            let lines = Self.normalized(block.lines)
            #expect(!lines.isEmpty, "\(block): an empty ```swift block")
            let moduleFiles = try Self.moduleTestSources(of: block.file)
            let found = (Array(swiftFiles.values) + moduleFiles.values).contains { Self.contains($0, lines) }
            #expect(
                found,
                """
                \(block): this ```swift block is not in any Swift file of Tests/DocumentationTests \
                (or of the module's own test target) \
                (up to leading white space): change the compiled copy with it, or fence a block that cannot \
                compile as ```swift-package
                """
            )
        }
    }

    @Test("Every ```yaml block of the catalogs is part of a spec the snippets are generated from")
    func yamlBlocksAreTheSpec() throws {
        let specs = try Self.sources(withExtension: "yaml")
        for block in try Self.allBlocks() where block.language == "yaml" {
            let found = specs.values.contains { Self.contains($0, Self.normalized(block.lines)) }
            #expect(found, "\(block): this ```yaml block is not part of a spec in Tests/DocumentationTests")
        }
    }

    @Test("Every code block names a known fence language")
    func fenceLanguages() throws {
        let known = Self.checkedLanguages.union(Self.uncheckedLanguages)
        for block in try Self.allBlocks() {
            #expect(
                known.contains(block.language),
                "\(block): fence language '\(block.language)'; use one of \(known.sorted())"
            )
        }
    }

    @Test("The specs beside the snippets are the Shop and Billing examples'")
    func specIsTheExamples() throws {
        for (spec, example) in [
            ("shop.cqrs.yaml", "Examples/Shop/Sources/ShopDomain/shop.cqrs.yaml"),
            ("billing.cqrs.yaml", "Examples/Billing/Sources/BillingDomain/billing.cqrs.yaml"),
        ] {
            let copy = try String(contentsOf: Self.folder.appending(path: spec), encoding: .utf8)
            let original = try String(contentsOf: Self.packageRoot.appending(path: example), encoding: .utf8)
            #expect(copy == original, "\(spec)")
        }
    }

    @Test("The checker finds blocks and matches them up to indentation")
    func checkerItself() {
        let text = "Intro\n\n  ```swift\n  let a = 1\n    let b = 2\n  ```\n\n```swift-package\nx\n```\n"
        let blocks = Self.blocks(in: text, file: "t.md")
        #expect(blocks.map(\.language) == ["swift", "swift-package"])
        #expect(blocks.first?.line == 3)
        let file = Self.normalized(["func f() {", "        let a = 1", "        let b = 2", "}"])
        #expect(Self.contains(file, Self.normalized(blocks[0].lines)))
        #expect(!Self.contains(file, ["let a = 1", "let c = 3"]))
    }
}
