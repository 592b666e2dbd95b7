import CQRS
import Foundation

extension WebhookPublisher {
    /// The request body for an event: one JSON object, its members in this order.
    ///
    /// ```text
    /// {"id":"5f0c…","type":"Transfer.TransferRequested",
    ///  "stream":{"category":"Transfer","id":"t1"},"version":1,"position":42,
    ///  "recordedAt":"2025-05-04T10:11:12.345Z","schemaVersion":1,
    ///  "correlationId":"…","causationId":"…","data":{…}}
    /// ```
    ///
    /// - `id`: the event id (lowercase UUID; also the `Idempotency-Key` and `CQRS-Event-Id` headers).
    /// - `type`: the stored event type.
    /// - `stream`: the stream's category and id.
    /// - `version`: the event's version in its stream, from 1.
    /// - `position`: its position in the store's log (increasing, not necessarily contiguous).
    /// - `recordedAt`: when it was stored, ISO 8601 in UTC with fractional seconds.
    /// - `schemaVersion`: the version of the payload's schema it was written with.
    /// - `correlationId`, `causationId`: the command's correlation id and the command id; absent when the
    ///   event has none.
    /// - `data`: the event's payload, the stored JSON byte for byte.
    public static func body(for event: RecordedEvent) -> [UInt8] {
        var json = "{\"id\":\"\(event.eventID.uuidString.lowercased())\""
        json += ",\"type\":\(jsonString(event.eventType))"
        json +=
            ",\"stream\":{\"category\":\(jsonString(event.streamID.category)),\"id\":\(jsonString(event.streamID.id))}"
        json += ",\"version\":\(event.streamVersion),\"position\":\(event.position)"
        json += ",\"recordedAt\":\"\(event.recordedAt.formatted(iso8601))\""
        json += ",\"schemaVersion\":\(event.schemaVersion)"
        if let correlationID = event.correlationID {
            json += ",\"correlationId\":\"\(correlationID.uuidString.lowercased())\""
        }
        if let causationID = event.causationID {
            json += ",\"causationId\":\"\(causationID.uuidString.lowercased())\""
        }
        json += ",\"data\":"
        var body = Array(json.utf8)
        body.reserveCapacity(body.count + event.payload.count + 1)
        if event.payload.isEmpty {
            body += "null".utf8
        } else {
            body += event.payload
        }
        body.append(UInt8(ascii: "}"))
        return body
    }

    private static let iso8601 = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// A JSON string literal: quoted, with `"`, `\` and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
