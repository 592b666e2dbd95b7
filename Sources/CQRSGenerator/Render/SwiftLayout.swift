/// Lays out rendered Swift: indentation from the nesting of brackets, no runs of blank lines, no
/// blank line just inside a brace, no trailing spaces, one final newline.
///
/// Templates can then be written for readability, and Mustache partials (which cannot re-indent
/// what they include) can be used at any depth: the output is laid out the same way every time.
/// It works on UTF-8 bytes: every byte it looks at is ASCII, and multi-byte characters pass through.
///
/// What it knows of Swift's lexical structure is what keeps it from changing a program's meaning:
/// brackets inside string literals (with `\(…)` interpolations and `#` delimiters) and comments do not
/// count; a block comment (`/* … */`, nested) may span lines and is re-indented as a whole; the lines
/// of a multi-line string literal (`"""`, `#"""`) pass through byte for byte, blank lines and
/// indentation included, because both are part of the string's value.
package enum SwiftLayout {
    /// The indentation of one level.
    package static let indentWidth = 4

    /// Re-indents `text`, which must be Swift whose brackets balance outside strings and comments.
    package static func format(_ text: String) -> String {
        var input = text
        return input.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 4)
            // One entry per open bracket: whether it opened a `switch` body (whose `case`s sit at the
            // switch's own level).
            var open: [Bool] = []
            var lastWasBlank = true
            var lastEndsWithBrace = false
            var carry = Carry.code
            var lineStart = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if case .multilineString = carry {
                    // Inside a multi-line string literal: the line is part of its value.
                    let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                    let scan = scan(line, from: carry)
                    if lineEnd < bytes.count || !line.isEmpty {
                        output.append(contentsOf: line)
                        output.append(newline)
                    }
                    carry = scan.carry
                    update(&open, with: scan.brackets, opensSwitch: false)
                    lastWasBlank = false
                    lastEndsWithBrace = false
                    continue
                }
                var first = lineStart
                while first < lineEnd, bytes[first] == space || bytes[first] == tab { first += 1 }
                var last = lineEnd
                while last > first, bytes[last - 1] == space || bytes[last - 1] == tab { last -= 1 }
                if first == last {
                    // Keep at most one blank line, and none right after an opening brace.
                    if !lastWasBlank, !lastEndsWithBrace {
                        output.append(newline)
                        lastWasBlank = true
                    }
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: bytes[first..<last])
                let inComment = carry != .code
                let scan = scan(line, from: carry)
                // A line that starts by closing brackets sits at the level it closes to.
                var depth = max(open.count - scan.leadingClosers, 0)
                if !inComment, scan.leadingClosers == 0, open.last == true,
                    line.starts(with: "case ") || line.starts(with: "default:")
                {
                    depth -= 1
                }
                if !inComment, line[0] == closeBrace, lastWasBlank, output.last == newline, output.count >= 2,
                    output[output.count - 2] == newline
                {
                    output.removeLast()
                }
                output.append(contentsOf: repeatElement(space, count: depth * indentWidth))
                output.append(contentsOf: line)
                output.append(newline)
                lastWasBlank = false
                lastEndsWithBrace = scan.carry == .code && line[line.count - 1] == openBrace
                let opensSwitch = !inComment && (line.starts(with: "switch ") || line.contains(" switch "))
                update(&open, with: scan.brackets, opensSwitch: opensSwitch)
                carry = scan.carry
            }
            while output.count >= 2, output[output.count - 1] == newline, output[output.count - 2] == newline {
                output.removeLast()
            }
            if output.last != newline { output.append(newline) }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static func update(_ open: inout [Bool], with brackets: [Bool], opensSwitch: Bool) {
        for isOpen in brackets {
            if isOpen {
                open.append(opensSwitch)
            } else if !open.isEmpty {
                open.removeLast()
            }
        }
    }

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let quote = UInt8(ascii: "\"")
    private static let hash = UInt8(ascii: "#")
    private static let backslash = UInt8(ascii: "\\")
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")

    /// What an unfinished line leaves open for the next one.
    enum Carry: Equatable {
        /// Code: nothing open.
        case code
        /// A block comment, nested this deep.
        case blockComment(depth: Int)
        /// A multi-line string literal with this many `#`s around its delimiters.
        case multilineString(hashes: Int)
    }

    struct LineScan {
        /// The line's brackets in code, in order: true for an opener.
        var brackets: [Bool] = []
        /// How many closers lead the line (before anything else in code).
        var leadingClosers = 0
        /// What the line leaves open.
        var carry = Carry.code
    }

    /// The brackets of a line outside string literals and comments, how many closers lead it, and what
    /// it leaves open, starting in `carry`.
    static func scan(_ line: UnsafeBufferPointer<UInt8>, from carry: Carry) -> LineScan {
        var result = LineScan()
        var index = 0
        var sawOther = false
        switch carry {
        case .code:
            break
        case .blockComment(let depth):
            let comment = blockComment(line, from: 0, depth: depth)
            guard let end = comment.end else {
                result.carry = .blockComment(depth: comment.depth)
                return result
            }
            index = end
            sawOther = true
        case .multilineString(let hashes):
            guard let end = multilineEnd(line, from: 0, hashes: hashes) else {
                result.carry = carry
                return result
            }
            index = end
            sawOther = true
        }
        while index < line.count {
            let byte = line[index]
            switch byte {
            case slash where index + 1 < line.count && line[index + 1] == slash:
                return result
            case slash where index + 1 < line.count && line[index + 1] == star:
                let comment = blockComment(line, from: index + 2, depth: 1)
                guard let end = comment.end else {
                    result.carry = .blockComment(depth: comment.depth)
                    return result
                }
                index = end
                continue
            case hash, quote:
                let hashes = hashRun(line, from: index)
                let at = index + hashes
                guard at < line.count, line[at] == quote else {
                    // `#if`, `#selector`, …: code.
                    sawOther = true
                    index = at
                    continue
                }
                sawOther = true
                if at + 2 < line.count, line[at + 1] == quote, line[at + 2] == quote {
                    // A multi-line literal opens; its content starts on the next line.
                    result.carry = .multilineString(hashes: hashes)
                    return result
                }
                index = skipString(line, from: at + 1, hashes: hashes)
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
                result.brackets.append(true)
                sawOther = true
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                result.brackets.append(false)
                if !sawOther { result.leadingClosers += 1 }
            case space, tab:
                break
            default:
                sawOther = true
            }
            index += 1
        }
        return result
    }

    /// The index after the closing quote (and `#`s) of a one-line string whose content starts at `from`;
    /// interpolations `\(…)` (with strings of their own) are skipped whole. The line's end when unclosed.
    private static func skipString(_ line: UnsafeBufferPointer<UInt8>, from start: Int, hashes: Int) -> Int {
        var index = start
        while index < line.count {
            let byte = line[index]
            if byte == quote, hashesFollow(line, at: index + 1, count: hashes) {
                return index + 1 + hashes
            }
            if byte == backslash, hashesFollow(line, at: index + 1, count: hashes) {
                let next = index + 1 + hashes
                if next < line.count, line[next] == UInt8(ascii: "(") {
                    index = skipInterpolation(line, from: next + 1)
                } else {
                    index = next + 1
                }
                continue
            }
            index += 1
        }
        return line.count
    }

    /// The index after the `)` that closes an interpolation whose expression starts at `from`.
    private static func skipInterpolation(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        var depth = 1
        while index < line.count {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return index + 1 }
            case hash, quote:
                let hashes = hashRun(line, from: index)
                let at = index + hashes
                if at < line.count, line[at] == quote {
                    index = skipString(line, from: at + 1, hashes: hashes)
                    continue
                }
                index = at
                continue
            default:
                break
            }
            index += 1
        }
        return line.count
    }

    /// Where a block comment `depth` deep closes: the index after its `*/` (`end`), or `nil` when the line
    /// ends first, with how deep it is still open then.
    private static func blockComment(_ line: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int) -> (
        end: Int?, depth: Int
    ) {
        var index = start
        var depth = depth
        while index + 1 < line.count {
            if line[index] == star, line[index + 1] == slash {
                depth -= 1
                index += 2
                if depth == 0 { return (index, 0) }
            } else if line[index] == slash, line[index + 1] == star {
                depth += 1
                index += 2
            } else {
                index += 1
            }
        }
        return (nil, depth)
    }

    /// The index after the closing `"""` (and `#`s) of a multi-line literal, or `nil` when the line does
    /// not close it. Escaped quotes (`\"""`) do not close it.
    private static func multilineEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int, hashes: Int) -> Int? {
        var index = start
        while index < line.count {
            if line[index] == backslash, hashesFollow(line, at: index + 1, count: hashes) {
                index += 2 + hashes
                continue
            }
            if index + 2 < line.count, line[index] == quote, line[index + 1] == quote, line[index + 2] == quote,
                hashesFollow(line, at: index + 3, count: hashes)
            {
                return index + 3 + hashes
            }
            index += 1
        }
        return nil
    }

    /// How many `#`s start at `start` (a raw string's delimiter, or a directive's `#`).
    private static func hashRun(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < line.count, line[end] == hash { end += 1 }
        return end - start
    }

    private static func hashesFollow(_ line: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> Bool {
        guard start + count <= line.count else { return false }
        for offset in 0..<count where line[start + offset] != hash { return false }
        return true
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
