// libFuzzer target for the payload parser and decoder: built by scripts/fuzz-payload together with the
// CQRSPayload sources (one module), so it reaches the parser directly.
//
// Any input must either decode or throw PayloadSyntaxError / DecodingError; a trap, an address
// sanitizer report or any other error type is a finding.
import Foundation

/// A payload shaped like a generated event, to drive the keyed, unkeyed and scalar decoders.
private struct FuzzEvent: Codable {
    enum Status: String, Codable { case open, closed }

    var text: String?
    var count: Int?
    var small: Int8?
    var unsigned: UInt64?
    var ratio: Double?
    var single: Float?
    var flag: Bool?
    var amount: Decimal?
    var at: Date?
    var id: UUID?
    var bytes: Data?
    var link: URL?
    var status: Status?
    var items: [String]?
    var counts: [String: Int]?
    var nested: [[Int?]]?
    var child: [FuzzEvent]?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    check { _ = try EventPayload.decode(JSONValue.self, from: data) }
    check { _ = try EventPayload.decode(FuzzEvent.self, from: data) }
    check { _ = try EventPayload.decode([Decimal].self, from: data) }
    check { _ = try EventPayload.decode([Date].self, from: data) }
    // What parses must re-encode to JSON that parses to the same value.
    if let value = try? EventPayload.decode(JSONValue.self, from: data) {
        do {
            let again = try EventPayload.decode(JSONValue.self, from: EventPayload.encode(value))
            if again != value { fatalError("JSONValue does not round-trip: \(value) vs \(again)") }
        } catch {
            fatalError("re-encoded JSON does not parse: \(error)")
        }
    }
    if let event = try? EventPayload.decode(FuzzEvent.self, from: data) {
        check { _ = try EventPayload.decode(FuzzEvent.self, from: EventPayload.encode(event)) }
    }
    return 0
}

/// Runs a decode; only the two documented error types may come out.
private func check(_ body: () throws -> Void) {
    do {
        try body()
    } catch is PayloadSyntaxError {
    } catch is DecodingError {
    } catch is EncodingError {
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
}
