import CYAML

/// Reads YAML text into a ``YAMLDocument`` with libyaml's event API, turning every hazard a spec
/// must not contain into a located ``Diagnostic`` rather than a crash or a hang.
///
/// Reported, each at its place in the file: a syntax error (at libyaml's problem mark), a duplicate
/// mapping key (at the second key, with a note naming the first), an anchor or alias, an explicit tag,
/// a second document, a byte that is not UTF-8, nesting deeper than ``YAMLLimits/maximumDepth`` and
/// text larger than ``YAMLLimits/maximumFileSize``. Aliases are never expanded, so a "billion laughs"
/// document is read in linear time.
public enum YAMLParser {
    /// Parses `bytes`, reporting problems against `path`.
    public static func parse(_ bytes: [UInt8], path: String, limits: YAMLLimits = .standard) -> YAMLParseResult {
        bytes.withUnsafeBufferPointer { parse($0, path: path, limits: limits) }
    }

    /// Parses the bytes in `buffer`, reporting problems against `path`.
    public static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>,
        path: String,
        limits: YAMLLimits = .standard
    ) -> YAMLParseResult {
        let start = SourceLocation(line: 1, column: 1)
        if buffer.count > limits.maximumFileSize {
            let message =
                "the spec is too large (\(buffer.count) bytes); the limit is \(limits.maximumFileSize) bytes"
            return YAMLParseResult(
                document: nil,
                diagnostics: [Diagnostic(severity: .error, message: message, path: path, location: start)]
            )
        }
        if let offset = UTF8Scan.firstInvalidOffset(in: buffer) {
            let message = "invalid UTF-8 byte 0x\(hex(buffer[offset])); a spec must be UTF-8 text"
            let location = UTF8Scan.location(ofOffset: offset, in: buffer)
            return YAMLParseResult(
                document: nil,
                diagnostics: [Diagnostic(severity: .error, message: message, path: path, location: location)]
            )
        }
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            return YAMLParseResult(document: YAMLDocument(), diagnostics: [])
        }
        var builder = TreeBuilder(path: path, limits: limits, byteCount: buffer.count)
        builder.run(base: base, buffer: buffer)
        return YAMLParseResult(document: builder.failed ? nil : builder.document, diagnostics: builder.diagnostics)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// Builds the node tree from libyaml's events.
private struct TreeBuilder {
    let path: String
    let limits: YAMLLimits
    var document = YAMLDocument()
    var diagnostics: [Diagnostic] = []
    /// Set when the text could not be read to its end: no document is handed out.
    var failed = false
    /// The open sequences and mappings: their node and where their children start in `scratch`.
    var stack: [(node: Int32, scratchStart: Int)] = []
    /// Children of the open containers, innermost last.
    var scratch: [YAMLDocument.NodeID] = []
    var documentCount = 0

    init(path: String, limits: YAMLLimits, byteCount: Int) {
        self.path = path
        self.limits = limits
        // A spec averages about one node per 12 bytes and keeps about half its bytes as scalar text.
        document.nodes.reserveCapacity(byteCount / 12 + 16)
        document.children.reserveCapacity(byteCount / 12 + 16)
        document.text.reserveCapacity(byteCount / 2 + 16)
        scratch.reserveCapacity(256)
        stack.reserveCapacity(limits.maximumDepth + 1)
    }

    mutating func run(base: UnsafePointer<UInt8>, buffer: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else {
            error("out of memory while reading the spec", at: SourceLocation(line: 1, column: 1))
            failed = true
            return
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, base, buffer.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) != 0 else {
                reportSyntaxError(parser, buffer: buffer)
                failed = true
                return
            }
            let proceed = handle(&event)
            yaml_event_delete(&event)
            if !proceed { return }
        }
    }

    /// Handles one event; returns whether to read on.
    mutating func handle(_ event: inout yaml_event_t) -> Bool {
        let location = SourceLocation(
            line: Int(event.start_mark.line) + 1,
            column: Int(event.start_mark.column) + 1
        )
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return false
        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            if documentCount > 1 {
                error("a spec is one YAML document; found a second document here", at: location)
                return false
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            checkAnchor(scalar.anchor, tag: scalar.tag, at: location)
            let style: YAMLNode.Style
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let start = Int32(document.text.count)
            let length = scalar.length
            if length > 0, let value = scalar.value {
                document.text.append(contentsOf: UnsafeBufferPointer(start: value, count: length))
            }
            addLeaf(YAMLNode(kind: .scalar, style: style, location: location, start: start, count: Int32(length)))
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            error("anchors and aliases are not supported in a spec (alias '*\(name)')", at: location)
            addLeaf(YAMLNode(kind: .alias, style: .plain, location: location, start: 0, count: 0))
        case YAML_SEQUENCE_START_EVENT:
            let sequence = event.data.sequence_start
            checkAnchor(sequence.anchor, tag: sequence.tag, at: location)
            let style: YAMLNode.Style = sequence.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block
            return open(YAMLNode(kind: .sequence, style: style, location: location, start: 0, count: 0))
        case YAML_MAPPING_START_EVENT:
            let mapping = event.data.mapping_start
            checkAnchor(mapping.anchor, tag: mapping.tag, at: location)
            let style: YAMLNode.Style = mapping.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block
            return open(YAMLNode(kind: .mapping, style: style, location: location, start: 0, count: 0))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close()
        default:
            break
        }
        return true
    }

    mutating func addLeaf(_ node: YAMLNode) {
        let id = YAMLDocument.NodeID(index: Int32(document.nodes.count))
        document.nodes.append(node)
        attach(id)
    }

    mutating func attach(_ id: YAMLDocument.NodeID) {
        if stack.isEmpty {
            document.root = id
        } else {
            scratch.append(id)
        }
    }

    /// Opens a sequence or mapping; returns `false` (and reports) when it nests too deep.
    mutating func open(_ node: YAMLNode) -> Bool {
        guard stack.count < limits.maximumDepth else {
            error("the spec nests deeper than \(limits.maximumDepth) levels", at: node.location)
            failed = true
            return false
        }
        stack.append((Int32(document.nodes.count), scratch.count))
        document.nodes.append(node)
        return true
    }

    mutating func close() {
        guard let (index, scratchStart) = stack.popLast() else { return }
        let open = document.nodes[Int(index)]
        if open.kind == .mapping {
            removeDuplicateKeys(from: scratchStart)
        }
        let start = Int32(document.children.count)
        let count = Int32(scratch.count - scratchStart)
        document.children.append(contentsOf: scratch[scratchStart...])
        scratch.removeSubrange(scratchStart...)
        document.nodes[Int(index)] = YAMLNode(
            kind: open.kind,
            style: open.style,
            line: open.line,
            column: open.column,
            start: start,
            count: count
        )
        attach(YAMLDocument.NodeID(index: index))
    }

    /// Reports every scalar key of the mapping whose children start at `scratchStart` that repeats an
    /// earlier key, and drops the repeated pairs so that later checks see each key once.
    mutating func removeDuplicateKeys(from scratchStart: Int) {
        let pairCount = (scratch.count - scratchStart) / 2
        guard pairCount > 1 else { return }
        var duplicates: [Int] = []  // pair positions to drop, ascending
        if pairCount <= 16 {
            for later in 1..<pairCount {
                let key = scratch[scratchStart + 2 * later]
                guard document[key].kind == .scalar else { continue }
                for earlier in 0..<later {
                    let first = scratch[scratchStart + 2 * earlier]
                    if document.scalarTextsEqual(first, key) {
                        reportDuplicate(key, first: first)
                        duplicates.append(later)
                        break
                    }
                }
            }
        } else {
            var seen: [String: YAMLDocument.NodeID] = [:]
            seen.reserveCapacity(pairCount)
            for position in 0..<pairCount {
                let key = scratch[scratchStart + 2 * position]
                guard document[key].kind == .scalar else { continue }
                let text = document.text(of: key)
                if let first = seen[text] {
                    reportDuplicate(key, first: first)
                    duplicates.append(position)
                } else {
                    seen[text] = key
                }
            }
        }
        for position in duplicates.reversed() {
            let at = scratchStart + 2 * position
            scratch.removeSubrange(at..<(at + 2))
        }
    }

    mutating func reportDuplicate(_ key: YAMLDocument.NodeID, first: YAMLDocument.NodeID) {
        let name = document.text(of: key)
        let firstLocation = document[first].location
        var diagnostic = Diagnostic(
            severity: .error, message: "duplicate key '\(name)'", path: path, location: document[key].location)
        diagnostic.relatedNotes = [.init("'\(name)' was first defined here", at: firstLocation)]
        diagnostics.append(diagnostic)
    }

    mutating func checkAnchor(
        _ anchor: UnsafeMutablePointer<yaml_char_t>?,
        tag: UnsafeMutablePointer<yaml_char_t>?,
        at location: SourceLocation
    ) {
        if let anchor {
            let name = String(cString: anchor)
            error("anchors and aliases are not supported in a spec (anchor '&\(name)')", at: location)
        }
        if let tag {
            var name = String(cString: tag)
            let standardPrefix = "tag:yaml.org,2002:"
            if name.hasPrefix(standardPrefix) {
                name = "!!" + name.dropFirst(standardPrefix.count)
            }
            error("tags are not supported in a spec ('\(name)'); write the value without it", at: location)
        }
    }

    mutating func reportSyntaxError(_ parser: yaml_parser_t, buffer: UnsafeBufferPointer<UInt8>) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable text"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            error("out of memory while reading the spec", at: SourceLocation(line: 1, column: 1))
        case YAML_READER_ERROR:
            let location = UTF8Scan.location(ofOffset: parser.problem_offset, in: buffer)
            var message = "invalid YAML: \(problem)"
            if parser.problem_value >= 0 {
                message += " (#x\(String(parser.problem_value, radix: 16, uppercase: true)))"
            }
            error(message, at: location)
        default:
            let mark = parser.problem_mark
            let location = SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
            var notes: [String] = []
            if let context = parser.context {
                let contextMark = parser.context_mark
                notes.append(
                    "\(String(cString: context)) that starts at line \(contextMark.line + 1), column \(contextMark.column + 1)"
                )
            }
            diagnostics.append(
                Diagnostic(
                    severity: .error,
                    message: "invalid YAML: \(problem)",
                    path: path,
                    location: location,
                    notes: notes
                )
            )
        }
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(severity: .error, message: message, path: path, location: location))
    }
}

extension YAMLNode {
    /// A node whose position comes from a ``SourceLocation``.
    fileprivate init(kind: Kind, style: Style, location: SourceLocation, start: Int32, count: Int32) {
        self.init(
            kind: kind,
            style: style,
            line: Int32(truncatingIfNeeded: location.line),
            column: Int32(truncatingIfNeeded: location.column),
            start: start,
            count: count
        )
    }
}
