/// Lays out rendered Swift: indentation from the nesting of brackets, no runs of blank lines, no
/// blank line just inside a brace, no trailing spaces, one final newline.
///
/// Templates can then be written for readability, and Mustache partials (which cannot re-indent
/// what they include) can be used at any depth: the output is laid out the same way every time.
/// It works on UTF-8 bytes: every byte it looks at is ASCII, and multi-byte characters pass through.
enum SwiftLayout {
    /// The indentation of one level.
    static let indentWidth = 4

    /// Re-indents `text`, which must be Swift whose brackets balance outside strings and comments.
    static func format(_ text: String) -> String {
        var input = text
        return input.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 4)
            // One entry per open bracket: whether it opened a `switch` body (whose `case`s sit at the
            // switch's own level).
            var open: [Bool] = []
            var lastWasBlank = true
            var lastEndsWithBrace = false
            var lineStart = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
                var first = lineStart
                while first < lineEnd, bytes[first] == space || bytes[first] == tab { first += 1 }
                var last = lineEnd
                while last > first, bytes[last - 1] == space || bytes[last - 1] == tab { last -= 1 }
                defer { lineStart = lineEnd + 1 }
                if first == last {
                    // Keep at most one blank line, and none right after an opening brace.
                    if !lastWasBlank, !lastEndsWithBrace {
                        output.append(newline)
                        lastWasBlank = true
                    }
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: bytes[first..<last])
                let scan = scan(line)
                // A line that starts by closing brackets sits at the level it closes to.
                var depth = max(open.count - scan.leadingClosers, 0)
                if scan.leadingClosers == 0, open.last == true,
                    line.starts(with: "case ") || line.starts(with: "default:")
                {
                    depth -= 1
                }
                if line[0] == closeBrace, lastWasBlank, output.last == newline, output.count >= 2,
                    output[output.count - 2] == newline
                {
                    output.removeLast()
                }
                output.append(contentsOf: repeatElement(space, count: depth * indentWidth))
                output.append(contentsOf: line)
                output.append(newline)
                lastWasBlank = false
                lastEndsWithBrace = line[line.count - 1] == openBrace
                let opensSwitch = line.starts(with: "switch ") || line.contains(" switch ")
                for isOpen in scan.brackets {
                    if isOpen {
                        open.append(opensSwitch)
                    } else if !open.isEmpty {
                        open.removeLast()
                    }
                }
            }
            while output.count >= 2, output[output.count - 1] == newline, output[output.count - 2] == newline {
                output.removeLast()
            }
            if output.last != newline { output.append(newline) }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    private struct LineScan {
        /// The line's brackets in order: true for an opener.
        var brackets: [Bool] = []
        var leadingClosers = 0
    }

    /// The brackets of a line outside string literals and comments, and how many closers lead it.
    private static func scan(_ line: UnsafeBufferPointer<UInt8>) -> LineScan {
        var result = LineScan()
        var inString = false
        var escaped = false
        var sawOther = false
        var previous: UInt8 = space
        for byte in line {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                previous = byte
                continue
            }
            if byte == UInt8(ascii: "/") && previous == UInt8(ascii: "/") { break }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                sawOther = true
            case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
                result.brackets.append(true)
                sawOther = true
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                result.brackets.append(false)
                if !sawOther { result.leadingClosers += 1 }
            case space:
                break
            default:
                sawOther = true
            }
            previous = byte
        }
        return result
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes begin with the ASCII text.
    fileprivate func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard self.count >= count else { return false }
        let start = prefix.utf8Start
        for index in 0..<count where self[index] != start[index] { return false }
        return true
    }

    /// Whether the ASCII text occurs anywhere in the bytes.
    fileprivate func contains(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard self.count >= count else { return false }
        let start = text.utf8Start
        var index = 0
        while index + count <= self.count {
            var matched = true
            for offset in 0..<count where self[index + offset] != start[offset] {
                matched = false
                break
            }
            if matched { return true }
            index += 1
        }
        return false
    }
}
