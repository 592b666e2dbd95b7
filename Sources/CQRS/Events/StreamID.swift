import Foundation

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
    public var category: String {
        didSet { fingerprint = Self.fingerprint(category, id) }
    }
    /// The text form of the aggregate instance's identifier (``StreamIdentifier/streamIDString``).
    public var id: String {
        didSet { fingerprint = Self.fingerprint(category, id) }
    }
    /// A hash of both parts computed once, so that the many table lookups of a command hash one integer.
    private var fingerprint: UInt64

    /// Creates a stream name from a category and an identifier's text.
    public init(category: String, id: String) {
        self.category = category
        self.id = id
        self.fingerprint = Self.fingerprint(category, id)
    }

    /// Creates the stream name of an aggregate instance.
    public init(category: String, identifier: some StreamIdentifier) {
        self.init(category: category, id: identifier.streamIDString)
    }

    /// `Category-id`.
    public var description: String { "\(category)-\(id)" }

    /// Hashes the fingerprint of both parts.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    /// Equal when both parts are (and, first, their fingerprints: ids that differ only by Unicode
    /// normalization are different streams).
    public static func == (lhs: StreamID, rhs: StreamID) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.id == rhs.id && lhs.category == rhs.category
    }

    private enum CodingKeys: String, CodingKey {
        case category, id
    }

    /// Decodes `{"category": …, "id": …}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            category: try container.decode(String.self, forKey: .category),
            id: try container.decode(String.self, forKey: .id)
        )
    }

    /// Encodes `{"category": …, "id": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try container.encode(id, forKey: .id)
    }

    /// FNV-1a over both parts' UTF-8 bytes. Stream ids compare by their bytes, as a database compares them:
    /// two canonically equivalent but differently encoded ids are different streams.
    private static func fingerprint(_ category: String, _ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        mix(id, into: &hash)
        mix(category, into: &hash)
        return hash
    }

    /// Mixes a text's bytes and a separator into an FNV-1a hash.
    private static func mix(_ text: String, into hash: inout UInt64) {
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3
    }
}
