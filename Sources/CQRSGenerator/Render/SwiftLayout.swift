/// Lays out rendered Swift: indentation from the nesting of brackets, no runs of blank lines, no
/// blank line just inside a brace, no trailing spaces, one final newline.
///
/// Templates can then be written for readability, and Mustache partials (which cannot re-indent
/// what they include) can be used at any depth: the output is laid out the same way every time.
enum SwiftLayout {
    /// The indentation of one level.
    static let indentUnit = "    "

    /// Re-indents `text`, which must be Swift whose brackets balance outside strings and comments.
    static func format(_ text: String) -> String {
        var output: [String] = []
        output.reserveCapacity(text.utf8.count / 30)
        // One entry per open bracket: whether it opened a `switch` body (whose `case`s sit at the
        // switch's own level).
        var open: [Bool] = []
        var lastWasBlank = true
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }.trimmingTrailingSpaces()
            if line.isEmpty {
                // Keep at most one blank line, and none right after an opening brace.
                if !lastWasBlank, let previous = output.last, !previous.hasSuffix("{") {
                    output.append("")
                    lastWasBlank = true
                }
                continue
            }
            let scan = scan(line)
            // A line that starts by closing brackets sits at the level it closes to.
            var depth = open.count - scan.leadingClosers
            if depth < 0 { depth = 0 }
            if scan.leadingClosers == 0, open.last == true, line.hasPrefix("case ") || line.hasPrefix("default:") {
                depth -= 1
            }
            if line.hasPrefix("}"), lastWasBlank, output.last == "" {
                output.removeLast()
            }
            output.append(String(repeating: indentUnit, count: depth) + line)
            lastWasBlank = false
            // Apply the line's brackets to the stack.
            let opensSwitch = line.hasPrefix("switch ") || line.contains(" switch ")
            for bracket in scan.brackets {
                if bracket.isOpen {
                    open.append(opensSwitch && bracket.character == "{")
                } else if !open.isEmpty {
                    open.removeLast()
                }
            }
        }
        while output.last == "" { output.removeLast() }
        return output.joined(separator: "\n") + "\n"
    }

    private struct Bracket {
        var character: Character
        var isOpen: Bool
    }

    private struct LineScan {
        var brackets: [Bracket] = []
        var leadingClosers = 0
    }

    /// The brackets of a line outside string literals and comments, and how many closers lead it.
    private static func scan(_ line: Substring) -> LineScan {
        var result = LineScan()
        var inString = false
        var escaped = false
        var sawOther = false
        var previous: Character = " "
        for character in line {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                previous = character
                continue
            }
            if character == "/" && previous == "/" { break }
            switch character {
            case "\"":
                inString = true
                sawOther = true
            case "{", "(", "[":
                result.brackets.append(Bracket(character: character, isOpen: true))
                sawOther = true
            case "}", ")", "]":
                result.brackets.append(Bracket(character: character, isOpen: false))
                if !sawOther { result.leadingClosers += 1 }
            default:
                if character != " " { sawOther = true }
            }
            previous = character
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[..<end]
    }
}
