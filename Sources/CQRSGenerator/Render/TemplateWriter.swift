/// The output of a compiled template, with the state swift-mustache keeps in its render context:
/// the indentation of the partials being rendered and the position in the innermost list.
struct TemplateWriter {
    /// The text written so far.
    private(set) var text = ""
    /// The indentation of the standalone partials being rendered, outermost first.
    var indentation = ""
    /// Indentation to write before the next non-empty piece (see ``TemplateBody/render(_:into:)``).
    var pendingIndentation: String?
    /// The position in the innermost list section, if the current context is a list element.
    var sequence: SequencePosition?
    /// The values of the root's keys that templates read from inside other sections, in the order
    /// the compiler numbered them.
    let globals: [String]

    init(globals: [String]) {
        self.globals = globals
        text.reserveCapacity(1 << 16)
    }

    /// Appends `piece`, after the pending indentation if it is not empty.
    mutating func write(_ piece: String) {
        guard !piece.isEmpty else { return }
        if let pending = pendingIndentation {
            text += pending
            pendingIndentation = nil
        }
        text += piece
    }

    /// The length of the text, in UTF-8 bytes.
    var count: Int { text.utf8.count }

    /// Whether the text ends with a newline.
    var endsWithNewline: Bool { text.utf8.last == UInt8(ascii: "\n") }

    /// Runs `body` with no list position, as swift-mustache does inside a section of a model and
    /// inside a partial.
    mutating func withoutSequence(_ body: (inout TemplateWriter) -> Void) {
        let saved = sequence
        sequence = nil
        body(&self)
        sequence = saved
    }
}

/// The position of the current element in the innermost list, which the sequence transforms
/// `first()`, `last()`, `index()`, `even()` and `odd()` read.
struct SequencePosition {
    /// The element's index.
    let index: Int
    /// Whether it is the last element.
    let isLast: Bool

    /// The value of a sequence transform as a condition (`index` is not one).
    func condition(_ transform: String) -> Bool? {
        switch transform {
        case "first": index == 0
        case "last": isLast
        case "even": index & 1 == 0
        case "odd": index & 1 == 1
        default: nil
        }
    }

    /// The value of a sequence transform as text.
    func text(_ transform: String) -> String {
        transform == "index" ? String(index) : String(condition(transform) ?? false)
    }
}
