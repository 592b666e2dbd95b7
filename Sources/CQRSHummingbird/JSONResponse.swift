import CQRS
import Hummingbird
import NIOCore

/// The JSON bodies of successful answers.
enum JSONResponse {
    /// A command's receipt: 201 for a creating command, 200 otherwise, with `ETag` and `Consistency-Token`,
    /// and `Idempotent-Replayed: true` for a resend. A resend's stream is the receipt's (its own
    /// identifier may differ: a new UUID the route made for it).
    static func receipt<Command: AggregateCommand>(_ receipt: CommandReceipt, of command: Command) throws -> Response
    where Command.Aggregate.ID: PayloadValue {
        var writer = PayloadWriter()
        writer.beginObject()
        try writer.member("commandId", receipt.commandID)
        if receipt.isDuplicate {
            if let id = Command.Aggregate.ID(streamIDString: receipt.streamID.id) {
                try writer.member(named: Command.aggregateIDField, id)
            } else {
                try writer.member(named: Command.aggregateIDField, receipt.streamID.id)
            }
        } else {
            try writer.member(named: Command.aggregateIDField, command.aggregateID)
        }
        try writer.member("version", receipt.version)
        try writer.member("position", receipt.position)
        try writer.member("eventCount", receipt.eventCount)
        writer.endObject()
        var headers: HTTPFields = [
            .contentType: "application/json",
            .eTag: CommandHeaders.entityTag(version: receipt.version),
            CommandHeaders.consistencyToken: String(receipt.position),
        ]
        if receipt.isDuplicate {
            headers[CommandHeaders.idempotentReplayed] = "true"
        }
        return Response(
            status: Command.createsStream ? .created : .ok, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    /// One value (a row).
    static func value(_ value: some PayloadValue) throws -> Response {
        var writer = PayloadWriter()
        try value.writePayload(to: &writer)
        return ok(writer.bytes)
    }

    /// Any encodable value, as a payload is encoded.
    static func encodable(_ value: some Encodable) throws -> Response {
        ok(Array(try EventPayload.encode(value)))
    }

    /// A page by cursor.
    static func page<Row: PayloadValue>(_ page: Page<Row>) throws -> Response {
        var writer = PayloadWriter()
        writer.beginObject()
        try writer.member("rows", page.rows)
        try writer.member("nextCursor", ifPresent: page.nextCursor?.rawValue)
        writer.endObject()
        return ok(writer.bytes)
    }

    /// A page by number.
    static func numberedPage<Row: PayloadValue>(_ page: NumberedPage<Row>) throws -> Response {
        var writer = PayloadWriter()
        writer.beginObject()
        try writer.member("rows", page.rows)
        try writer.member("number", page.number)
        try writer.member("size", page.size)
        try writer.member("total", ifPresent: page.total)
        try writer.member("hasNext", page.hasNext)
        writer.endObject()
        return ok(writer.bytes)
    }

    /// A count.
    static func count(_ count: Int) throws -> Response {
        var writer = PayloadWriter()
        writer.beginObject()
        try writer.member("count", count)
        writer.endObject()
        return ok(writer.bytes)
    }

    /// 200 with a JSON body.
    static func ok(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
