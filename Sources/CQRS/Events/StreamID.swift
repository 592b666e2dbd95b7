/// The name of one stream in the event store: the aggregate's category and the instance's identifier.
///
/// Written `Category-id`, for example `Order-0B5E…`.
///
/// ```swift
/// let stream = StreamID(category: "Order", id: "42")
/// print(stream)  // Order-42
/// ```
public struct StreamID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The aggregate's category, for example `"Order"`.
    public var category: String
    /// The text form of the aggregate instance's identifier (``StreamIdentifier/streamIDString``).
    public var id: String

    /// Creates a stream name from a category and an identifier's text.
    public init(category: String, id: String) {
        self.category = category
        self.id = id
    }

    /// Creates the stream name of an aggregate instance.
    public init(category: String, identifier: some StreamIdentifier) {
        self.init(category: category, id: identifier.streamIDString)
    }

    /// `Category-id`.
    public var description: String { "\(category)-\(id)" }
}
