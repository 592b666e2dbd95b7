import CQRS
import CQRSTestSupport
import Foundation
import Testing

@testable import CQRSHummingbird

@Suite("Reading requests: pointers, parameters, headers")
struct RequestReadingTests {
    @Test("a constraint violation's field becomes a JSON pointer")
    func pointers() {
        #expect(JSONPointer.pointer(field: "totalUSD") == "/totalUSD")
        #expect(JSONPointer.pointer(field: "items[2].sku") == "/items/2/sku")
        #expect(JSONPointer.pointer(field: "grid[1][0]") == "/grid/1/0")
        #expect(JSONPointer.pointer(field: "a/b~c") == "/a~1b~0c")
    }

    @Test("parameters read as their types, and nothing else")
    func parameters() {
        #expect(Int(httpParameter: "42") == 42)
        #expect(Int(httpParameter: "4.2") == nil)
        #expect(Decimal(httpParameter: "12.50") == Decimal(string: "12.5"))
        #expect(Decimal(httpParameter: "twelve") == nil)
        #expect(Decimal(httpParameter: "1.") == nil)
        #expect(Decimal(httpParameter: "1abc5") == nil)
        #expect(Decimal(httpParameter: "-0.25") == Decimal(string: "-0.25"))
        #expect(Decimal(httpParameter: "--1") == nil)
        #expect(Decimal(httpParameter: "1e5") == nil)
        #expect(Double(httpParameter: "nan") == nil)
        #expect(Double(httpParameter: "+1") == nil)
        #expect(Date(httpParameter: "1714554000.5") == Date(timeIntervalSince1970: 1_714_554_000.5))
        #expect(Bool(httpParameter: "true") == true)
        #expect(Bool(httpParameter: "yes") == nil)
        #expect(UUID(httpParameter: "8e5b3f4a-2c1d-4e6f-9a8b-7c6d5e4f3a2b") != nil)
        #expect(Shop.OrderStatus(httpParameter: "paid") == .paid)
        #expect(Shop.OrderStatus(httpParameter: "Paid") == nil)
    }

    @Test("If-Match takes one strong entity tag or *; the Content-Type must be JSON")
    func headers() throws {
        #expect(try CommandHeaders.expectedVersion(ifMatch: "\"3\"") == 3)
        #expect(try CommandHeaders.expectedVersion(ifMatch: " * ") == nil)
        for bad in ["3", "W/\"3\"", "\"3\", \"4\"", "\"0\"", "\"-1\"", "\"\""] {
            #expect(throws: HTTPProblem.self) { try CommandHeaders.expectedVersion(ifMatch: bad) }
        }
        #expect(RequestBody.isJSON("application/json"))
        #expect(RequestBody.isJSON("Application/JSON; charset=utf-8"))
        #expect(RequestBody.isJSON("application/merge-patch+json"))
        #expect(!RequestBody.isJSON("text/plain"))
        #expect(!RequestBody.isJSON("application/jsonx"))
    }

    @Test("an idempotency key is 1 to 255 visible ASCII characters, bare or quoted")
    func idempotencyKeys() throws {
        let long = String(repeating: "k", count: 255)
        #expect(throws: Never.self) { try CommandHeaders.commandID(forKey: long, commandName: "C", subject: nil) }
        for bad in ["", "\"\"", long + "k", "a b", "é"] {
            #expect(throws: HTTPProblem.self) {
                try CommandHeaders.commandID(forKey: bad, commandName: "C", subject: nil)
            }
        }
        // The derivation is fixed: ids are stored, so a change would make every resend after an upgrade a new
        // command. Computed outside Swift: the first 16 bytes of
        // `printf 'cqrs.http-idempotency-key\0ada\0Order.PlaceOrder\0order-1\0' | sha256sum`, version 8 bits set.
        let id = try CommandHeaders.commandID(forKey: "order-1", commandName: "Order.PlaceOrder", subject: "ada")
        #expect(id.uuidString == "770DC63B-590D-8553-9D12-713608CFF119")
    }
}
