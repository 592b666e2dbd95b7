import CQRSSpec
import Foundation
import Testing

@Suite("YAML layer")
struct YAMLParserTests {
    func parse(_ text: String, limits: YAMLLimits = .standard) -> YAMLParseResult {
        YAMLParser.parse(Array(text.utf8), path: "x.yaml", limits: limits)
    }

    @Test("nodes keep their 1-based line and column, kind and style")
    func marks() throws {
        let result = parse("a: 1\nlist:\n  - 'two'\n  - {k: \"v\"}\n")
        #expect(result.diagnostics.isEmpty)
        let document = try #require(result.document)
        let root = try #require(document.root)
        #expect(document[root].kind == .mapping)
        #expect(document[root].style == .block)
        let pairs = document.pairs(of: root)
        #expect(pairs.count == 2)
        #expect(document.text(of: pairs[0].key) == "a")
        #expect(document[pairs[0].value].location == SourceLocation(line: 1, column: 4))
        #expect(document[pairs[0].value].isPlainScalar)
        let list = pairs[1].value
        #expect(document[list].kind == .sequence)
        let items = Array(document.items(of: list))
        #expect(items.count == 2)
        #expect(document[items[0]].location == SourceLocation(line: 3, column: 5))
        #expect(document[items[0]].style == .singleQuoted)
        #expect(document.text(of: items[0]) == "two")
        #expect(document[items[1]].kind == .mapping)
        #expect(document[items[1]].style == .flow)
        let inner = document.pairs(of: items[1])
        #expect(document[inner[0].value].style == .doubleQuoted)
        #expect(document[inner[0].value].location == SourceLocation(line: 4, column: 9))
    }

    @Test("columns count Unicode scalars, not bytes")
    func unicodeColumns() throws {
        // "é" is two bytes and "😀" four; each is one column.
        let result = parse("é😀: {ü: x}\n")
        let document = try #require(result.document)
        let outer = document.pairs(of: try #require(document.root))[0]
        #expect(document.text(of: outer.key) == "é😀")
        #expect(document[outer.value].location == SourceLocation(line: 1, column: 5))
        let inner = document.pairs(of: outer.value)[0]
        #expect(document[inner.key].location == SourceLocation(line: 1, column: 6))
        #expect(document[inner.value].location == SourceLocation(line: 1, column: 9))
    }

    @Test("a syntax error is reported at libyaml's problem mark, with the context as a note")
    func syntaxError() {
        let result = parse("a: [b\nc: d\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.location == SourceLocation(line: 2, column: 2))
        #expect(diagnostic.message.contains("did not find expected ',' or ']'"))
        #expect(diagnostic.notes.first?.contains("line 1, column 4") == true)
    }

    @Test("a duplicate key is reported at the second key, with a note at the first, and dropped")
    func duplicateKey() throws {
        let result = parse("a: 1\nb: 2\na: 3\n")
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.message == "duplicate key 'a'")
        #expect(diagnostic.location == SourceLocation(line: 3, column: 1))
        #expect(diagnostic.notes.isEmpty)
        #expect(
            diagnostic.relatedNotes == [.init("'a' was first defined here", at: SourceLocation(line: 1, column: 1))])
        let document = try #require(result.document)
        #expect(document.pairs(of: try #require(document.root)).count == 2)
    }

    @Test("duplicate keys are found in large mappings too")
    func duplicateKeyInLargeMapping() {
        var text = ""
        for index in 0..<100 { text += "key\(index): \(index)\n" }
        text += "key42: again\n"
        let result = parse(text)
        #expect(result.diagnostics.map(\.message) == ["duplicate key 'key42'"])
        #expect(result.diagnostics.first?.location.line == 101)
    }

    @Test("anchors and aliases are rejected")
    func anchorsAndAliases() {
        let result = parse("a: &x 1\nb: *x\n")
        #expect(result.diagnostics.count == 2)
        #expect(
            result.diagnostics.allSatisfy { $0.message.contains("anchors and aliases are not supported in a spec") })
        #expect(result.diagnostics.map(\.location.line) == [1, 2])
    }

    @Test("a billion-laughs document ends at once, without expanding aliases")
    func billionLaughs() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let clock = ContinuousClock()
        let start = clock.now
        let result = SpecLoader().load(contents: text, path: "lol.yaml")
        #expect(clock.now - start < .seconds(1))
        #expect(result.spec == nil)
        #expect(result.errors.contains { $0.message.contains("anchors and aliases are not supported") })
    }

    @Test("explicit tags are rejected", arguments: ["a: !foo x\n", "a: !!str 1\n", "a: !!map {b: c}\n"])
    func tags(text: String) {
        let result = parse(text)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("tags are not supported") == true)
        #expect(result.diagnostics.first?.location == SourceLocation(line: 1, column: 4))
    }

    @Test("a second document is rejected")
    func secondDocument() {
        let result = parse("a: 1\n---\nb: 2\n")
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("second document") == true)
        #expect(result.diagnostics.first?.location.line == 2)
    }

    @Test("an explicit document end and start markers around one document are fine")
    func oneExplicitDocument() {
        #expect(parse("---\na: 1\n...\n").diagnostics.isEmpty)
    }

    @Test("invalid UTF-8 is reported with its location")
    func invalidUTF8() {
        var bytes = Array("a: 1\nbé: x".utf8)
        bytes += [0xFF, 0x41, 0x0A]
        let result = YAMLParser.parse(bytes, path: "x.yaml")
        #expect(result.document == nil)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("invalid UTF-8 byte 0xFF") == true)
        #expect(result.diagnostics.first?.location == SourceLocation(line: 2, column: 6))
    }

    @Test(
        "truncated and overlong UTF-8 sequences are invalid",
        arguments: [[0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func malformedSequences(tail: [UInt8]) {
        let result = YAMLParser.parse(Array("a: ".utf8) + tail, path: "x.yaml")
        #expect(result.diagnostics.first?.message.contains("invalid UTF-8") == true)
        #expect(result.diagnostics.first?.location == SourceLocation(line: 1, column: 4))
    }

    @Test("nesting deeper than the limit is an error, not a stack overflow")
    func tooDeep() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let result = parse("a: \(deep)\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("deeper than 64 levels") == true)
        #expect(
            parse("a: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63)).diagnostics.isEmpty)
    }

    @Test("text larger than the limit is an error")
    func tooLarge() {
        let result = parse(String(repeating: "a", count: 2048), limits: YAMLLimits(maximumFileSize: 1024))
        #expect(result.document == nil)
        #expect(result.diagnostics.first?.message.contains("too large") == true)
    }

    @Test("a file larger than the limit is reported without being parsed")
    func fileTooLarge() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("large-\(UUID()).cqrs.yaml")
        try Data(String(repeating: "# comment\n", count: 200).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try SpecLoader(limits: YAMLLimits(maximumFileSize: 1000)).load(path: url.path)
        #expect(result.spec == nil)
        #expect(result.errors.first?.message.contains("too large (2000 bytes)") == true)
    }

    @Test("control characters are reported as invalid YAML at their position")
    func controlCharacter() {
        let result = parse("a: b\nc: \u{7}\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.first?.location == SourceLocation(line: 2, column: 4))
        #expect(result.diagnostics.first?.message.contains("invalid YAML") == true)
    }

    @Test("an empty text is an empty document")
    func empty() {
        let result = parse("")
        #expect(result.diagnostics.isEmpty)
        #expect(result.document?.root == nil)
    }

    @Test("null scalars are recognized only when plain")
    func nulls() throws {
        let document = try #require(parse("a: ~\nb: null\nc:\nd: 'null'\ne: nil\n").document)
        let values = document.pairs(of: try #require(document.root)).map(\.value)
        #expect(values.map(document.isNull) == [true, true, true, false, false])
    }
}
