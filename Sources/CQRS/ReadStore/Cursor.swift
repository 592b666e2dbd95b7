import Foundation

/// Where a page ended: the ordering values and the key of its last row, opaque to callers. The next page
/// starts strictly after that row, so rows inserted or deleted meanwhile never shift the pages.
///
/// ```swift
/// let second = try await reader.all(orderBy: [], page: PageRequest(limit: 20, after: first.nextCursor))
/// ```
public struct Cursor: Sendable, Hashable, Codable {
    /// The cursor's text (URL-safe base64); pass it back unchanged.
    public var rawValue: String

    /// Wraps cursor text received from a client.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A cursor after a row with these ordering values followed by these key values.
    public init(values: [ColumnValue]) {
        let json = (try? EventPayload.encode(values)) ?? Data("[]".utf8)
        rawValue = json.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The ordering values followed by the key values; throws ``ReadStoreError/invalidCursor(_:)`` for text
    /// that is not a cursor.
    public func values() throws -> [ColumnValue] {
        var base64 = rawValue.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64.append(String(repeating: "=", count: (4 - base64.count % 4) % 4))
        guard let data = Data(base64Encoded: base64),
            let values = try? EventPayload.decode([ColumnValue].self, from: data)
        else { throw ReadStoreError.invalidCursor(rawValue) }
        return values
    }
}
