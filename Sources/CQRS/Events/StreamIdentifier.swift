import Foundation

/// A type that identifies one stream of an aggregate and round-trips through the stream id text.
///
/// The generated aggregate names its identifier type (`Shop.Order.ID = UUID`); the event store
/// keeps the text form in ``StreamID/id``.
///
/// ```swift
/// let id = UUID()
/// let stream = StreamID(category: "Order", id: id.streamIDString)
/// #expect(UUID(streamIDString: stream.id) == id)
/// ```
public protocol StreamIdentifier: Hashable, Sendable, Codable {
    /// Parses the text form; `nil` when the text is not a valid identifier of this type.
    init?(streamIDString: String)
    /// The text form stored in ``StreamID/id``.
    var streamIDString: String { get }
    /// Whether the identifier's text is empty, which no stream may be named by (an empty `String`).
    var isEmptyStreamID: Bool { get }
}

extension StreamIdentifier {
    /// Whether ``streamIDString`` is empty.
    public var isEmptyStreamID: Bool { streamIDString.isEmpty }
}

extension UUID: StreamIdentifier {
    /// Parses a UUID in its usual text form (either case).
    public init?(streamIDString: String) {
        var text = streamIDString
        guard let uuid = text.withUTF8({ PayloadScalars.parseUUID($0) }) else { return nil }
        self = uuid
    }

    /// The UUID's upper-case text form, as `uuidString`.
    public var streamIDString: String { PayloadScalars.uuidText(self) }

    /// Never: a UUID's text has 36 characters.
    public var isEmptyStreamID: Bool { false }
}

extension String: StreamIdentifier {
    /// The string itself (commands refuse an empty one before it names a stream).
    public init?(streamIDString: String) {
        self = streamIDString
    }

    /// The string itself.
    public var streamIDString: String { self }
}

extension Int64: StreamIdentifier {
    /// Parses a decimal integer.
    public init?(streamIDString: String) {
        self.init(streamIDString, radix: 10)
    }

    /// The decimal text of the integer.
    public var streamIDString: String { String(self) }

    /// Never: a number's text has a digit.
    public var isEmptyStreamID: Bool { false }
}
