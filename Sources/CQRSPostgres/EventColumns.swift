import CQRS
import Foundation
import PostgresNIO

/// The columns of a stored event, as the store selects them, and how a row turns back into a
/// ``CQRS/RecordedEvent``.
enum EventColumns {
    /// The select list, for a table aliased `e`.
    static let list = """
        e.position, e.category, e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version, \
        e.recorded_at, e.causation_id, e.correlation_id, e.metadata::text, e.payload
        """

    /// The event in `row` from column `offset` on; throws ``PostgresStoreError/corruptRow(position:reason:)``.
    static func decode(_ row: PostgresRandomAccessRow, from offset: Int = 0) throws -> RecordedEvent {
        let position = (try? row[offset].decode(Int64.self)) ?? 0
        do {
            let metadataText = try row[offset + 10].decode(String?.self)
            var metadata: [String: String] = [:]
            if let metadataText, metadataText != "{}" {
                metadata = try EventPayload.decode([String: String].self, from: Data(metadataText.utf8))
            }
            var payload = try row[offset + 11].decode(ByteBuffer.self)
            return RecordedEvent(
                eventID: try row[offset + 4].decode(UUID.self),
                streamID: StreamID(
                    category: try row[offset + 1].decode(String.self),
                    id: try row[offset + 2].decode(String.self)
                ),
                streamVersion: try row[offset + 3].decode(Int64.self),
                position: position,
                eventType: try row[offset + 5].decode(String.self),
                schemaVersion: Int(try row[offset + 6].decode(Int32.self)),
                recordedAt: try row[offset + 7].decode(Date.self),
                causationID: try row[offset + 8].decode(UUID?.self),
                correlationID: try row[offset + 9].decode(UUID?.self),
                metadata: metadata,
                payload: payload.readData()
            )
        } catch {
            throw PostgresStoreError.corruptRow(position: position, reason: "\(error)")
        }
    }
}

extension ByteBuffer {
    /// The readable bytes, copied into `Data` in one go.
    mutating func readData() -> Data {
        let data = withUnsafeReadableBytes { Data($0) }
        moveReaderIndex(forwardBy: readableBytes)
        return data
    }
}

extension Data {
    /// The bytes, copied into a `ByteBuffer` in one go.
    var byteBuffer: ByteBuffer {
        withUnsafeBytes { ByteBuffer(bytes: $0) }
    }
}
