/// One piece of a parsed Mustache template, as the compiled renderer sees it.
///
/// The parser reproduces swift-mustache's tokenisation exactly (text split at line ends, standalone
/// tags removed with their line, the whitespace before a standalone partial kept as its
/// indentation), so that a compiled template renders the same bytes as the interpreted one. It
/// accepts the part of Mustache the generator's templates use; anything else (changed delimiters,
/// dotted names, dynamic or inheriting partials, blocks, transforms of named values) is
/// ``TemplateSyntaxError/unsupported(_:)``, and such a template set is rendered by swift-mustache.
indirect enum TemplateSyntax: Sendable, Equatable {
    /// Literal text.
    case text(String)
    /// `{{name}}`, `{{{name}}}` or `{{&name}}` (the generator renders plain text, so these are
    /// the same); `{{last()}}` has the name `""` and the transform `last`.
    case variable(name: String, transform: String?)
    /// `{{#name}}…{{/name}}`.
    case section(name: String, transform: String?, body: [TemplateSyntax])
    /// `{{^name}}…{{/name}}`.
    case invertedSection(name: String, transform: String?, body: [TemplateSyntax])
    /// `{{>name}}`; a standalone partial carries the whitespace before it as its indentation.
    case partial(name: String, indentation: String?)
}

/// Why a template could not be parsed for the compiled renderer.
enum TemplateSyntaxError: Error, Equatable, CustomStringConvertible {
    /// Valid Mustache the compiled renderer does not implement; the interpreted renderer takes it.
    case unsupported(String)
    /// Not valid Mustache (swift-mustache rejects it too).
    case invalid(String)

    var description: String {
        switch self {
        case .unsupported(let what): "\(what): not implemented by the compiled renderer"
        case .invalid(let what): what
        }
    }
}

/// Parses template text into ``TemplateSyntax`` the way swift-mustache's parser tokenises it.
///
/// ```swift
/// let syntax = try TemplateParser.parse("{{#fields}}\n  {{name}}\n{{/fields}}\n")
/// // [.section(name: "fields", transform: nil, body: [.text("  "), .variable(name: "name", …), .text("\n")])]
/// ```
struct TemplateParser {
    /// The sequence transforms swift-mustache applies to the current list position.
    static let sequenceTransforms: Set<String> = ["first", "last", "index", "even", "odd"]

    private let characters: [Character]
    private var position = 0

    private init(_ text: String) {
        characters = Array(text)
    }

    /// Parses a whole template.
    static func parse(_ text: String) throws(TemplateSyntaxError) -> [TemplateSyntax] {
        guard !text.contains("\r") else { throw .unsupported("carriage returns") }
        var parser = TemplateParser(text)
        return try parser.parse(section: nil, newLine: true)
    }

    private struct Section {
        let name: String
        let transform: String?
    }

    private var atEnd: Bool { position >= characters.count }
    private var current: Character? { atEnd ? nil : characters[position] }

    // The state variables and their updates mirror swift-mustache's `MustacheTemplate.parse`.
    private mutating func parse(section: Section?, newLine startsOnNewLine: Bool) throws(TemplateSyntaxError)
        -> [TemplateSyntax]
    {
        var tokens: [TemplateSyntax] = []
        var newLine = startsOnNewLine
        var whitespaceBefore = ""
        while !atEnd {
            if newLine { whitespaceBefore = read(while: { $0 == " " || $0 == "\t" }) }
            let text = readUntilTagOrNewline()
            if current == "\n" {
                tokens.append(.text(whitespaceBefore + text + "\n"))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(whitespaceBefore + text))
                whitespaceBefore = ""
                newLine = false
            }
            guard let tag = current else { break }
            var setNewLine = false
            func flushWhitespace() {
                if !whitespaceBefore.isEmpty {
                    tokens.append(.text(whitespaceBefore))
                    whitespaceBefore = ""
                }
            }
            switch tag {
            case "#", "^":
                position += 1
                let (name, transform) = try readName()
                if isStandalone(newLine) { setNewLine = true } else { flushWhitespace() }
                let body = try parse(section: Section(name: name, transform: transform), newLine: newLine && setNewLine)
                tokens.append(
                    tag == "#"
                        ? .section(name: name, transform: transform, body: body)
                        : .invertedSection(name: name, transform: transform, body: body)
                )
            case "/":
                position += 1
                let (name, transform) = try readName()
                guard let section, section.name == name, section.transform == transform else {
                    throw .invalid("'{{/\(name)}}' closes no open section of that name")
                }
                if !isStandalone(newLine) { flushWhitespace() }
                return tokens
            case "!":
                position += 1
                guard readPast("}}") else { throw .invalid("an unfinished comment") }
                setNewLine = isStandalone(newLine)
            case "{", "&":
                flushWhitespace()
                position += 1
                let (name, transform) = try readName()
                if tag == "{" {
                    guard current == "}" else { throw .invalid("'{{{\(name)}}' lacks its third brace") }
                    position += 1
                }
                tokens.append(.variable(name: name, transform: transform))
            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                guard current != "*" else { throw .unsupported("dynamic partials") }
                let name = read(while: { Self.partialNameCharacters.contains($0) })
                _ = read(while: \.isWhitespace)
                guard readPast("}}", only: true) else { throw .invalid("an unfinished partial tag") }
                if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                if isStandalone(newLine) {
                    setNewLine = true
                    tokens.append(.partial(name: name, indentation: whitespaceBefore))
                } else {
                    tokens.append(.partial(name: name, indentation: nil))
                }
                whitespaceBefore = ""
            case "%":
                position += 1
                try readConfiguration()
                setNewLine = isStandalone(newLine)
            case "<", "$", "=":
                throw .unsupported("'{{\(tag)' tags")
            default:
                flushWhitespace()
                let (name, transform) = try readName()
                tokens.append(.variable(name: name, transform: transform))
            }
            newLine = setNewLine
        }
        if let section { throw .invalid("'{{#\(section.name)}}' is never closed") }
        return tokens
    }

    /// Reads text up to a newline or `{{` (which it consumes).
    private mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while let character = current, character != "\n" {
            if character == "{", position + 1 < characters.count, characters[position + 1] == "{" {
                position += 2
                break
            }
            text.append(character)
            position += 1
        }
        return text
    }

    /// A tag is standalone when only whitespace surrounds it on its line; the rest of the line and
    /// its newline are then consumed.
    private mutating func isStandalone(_ newLine: Bool) -> Bool {
        guard newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
        guard probe < characters.count, characters[probe] == "\n" else { return false }
        position = probe + 1
        return true
    }

    private mutating func read(while predicate: (Character) -> Bool) -> String {
        var text = ""
        while let character = current, predicate(character) {
            text.append(character)
            position += 1
        }
        return text
    }

    /// Consumes `delimiter` at the current position (`only`) or up to and including its next
    /// occurrence.
    private mutating func readPast(_ delimiter: String, only: Bool = false) -> Bool {
        let target = Array(delimiter)
        var probe = position
        while probe + target.count <= characters.count {
            if Array(characters[probe..<probe + target.count]) == target {
                position = probe + target.count
                return true
            }
            if only { return false }
            probe += 1
        }
        return false
    }

    /// A tag's name and its sequence transform: `name`, or `last()` (name `""`, transform `last`).
    private mutating func readName() throws(TemplateSyntaxError) -> (String, String?) {
        _ = read(while: \.isWhitespace)
        let text = read(while: { Self.nameCharacters.contains($0) || $0 == "(" || $0 == ")" })
        _ = read(while: \.isWhitespace)
        guard readPast("}}", only: true) else { throw .invalid("an unfinished tag '{{\(text)'") }
        guard !text.contains(".") else { throw .unsupported("dotted names ('\(text)')") }
        guard let open = text.firstIndex(of: "(") else { return (text, nil) }
        let transform = String(text[..<open])
        guard text[open...] == "()" else { throw .unsupported("transforms of named values ('\(text)')") }
        guard Self.sequenceTransforms.contains(transform) else {
            throw .unsupported("the transform '\(transform)()'")
        }
        return ("", transform)
    }

    private mutating func readConfiguration() throws(TemplateSyntaxError) {
        _ = read(while: \.isWhitespace)
        let variable = read(while: { Self.nameCharacters.contains($0) })
        _ = read(while: \.isWhitespace)
        guard current == ":" else { throw .invalid("a configuration tag without ':'") }
        position += 1
        _ = read(while: \.isWhitespace)
        let value = read(while: { Self.nameCharacters.contains($0) })
        _ = read(while: \.isWhitespace)
        guard readPast("}}", only: true) else { throw .invalid("an unfinished configuration tag") }
        guard variable == "CONTENT_TYPE", value == "TEXT" else {
            throw .unsupported("the configuration '\(variable): \(value)'")
        }
    }

    private static let nameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*"
    )
    private static let partialNameCharacters = nameCharacters.union("()/")
}
