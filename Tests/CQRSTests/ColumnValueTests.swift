import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Column values and schemas")
struct ColumnValueTests {
    @Test func haveATotalOrder() {
        let ordered: [ColumnValue] = [
            .null, .bool(false), .bool(true), .int(-5), .decimal(Decimal(string: "-4.5")!), .double(1), .int(2),
            .string("B"), .string("a"), .string("ab"), .date(Date(timeIntervalSince1970: 0)), .date(fixedDate),
            .uuid(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!),
            .uuid(UUID(uuidString: "F0000000-0000-0000-0000-000000000000")!), .data(Data([1])), .data(Data([1, 0])),
            .json("[]"),
        ]
        for (index, value) in ordered.enumerated() {
            for (otherIndex, other) in ordered.enumerated() {
                #expect((value < other) == (index < otherIndex), "\(value) vs \(other)")
            }
        }
        #expect(ordered.shuffled().sorted() == ordered)
    }

    @Test func convertBuiltinsBothWays() throws {
        func roundTrip<T: ColumnConvertible & Equatable>(_ value: T, _ expected: ColumnValue) throws {
            #expect(value.columnValue == expected)
            #expect(try T(columnValue: expected) == value)
            #expect(expected.type == T.columnType || expected == .null)
        }
        try roundTrip("text", .string("text"))
        try roundTrip(42, .int(42))
        try roundTrip(Int32(-7), .int(-7))
        try roundTrip(Int64.max, .int(.max))
        try roundTrip(UInt.max, .decimal(Decimal(UInt64.max)))
        try roundTrip(1.5, .double(1.5))
        try roundTrip(Float(0.25), .double(0.25))
        try roundTrip(true, .bool(true))
        try roundTrip(Decimal(string: "9.99")!, .decimal(Decimal(string: "9.99")!))
        try roundTrip(fixedDate, .date(fixedDate))
        let id = UUID()
        try roundTrip(id, .uuid(id))
        try roundTrip(Data([1, 2]), .data(Data([1, 2])))
        try roundTrip(URL(string: "https://example.com")!, .string("https://example.com"))
        try roundTrip(String?.none, .null)
        try roundTrip(String?.some("x"), .string("x"))
        try roundTrip(["a", "b"], .json(#"["a","b"]"#))
        try roundTrip(["b": 2, "a": 1, "c": 3], .json(#"{"a":1,"b":2,"c":3}"#))
        try roundTrip(Shop.OrderStatus.paid, .string("paid"))
        #expect(Optional<String>.isNullable)
        #expect(!String.isNullable)
    }

    @Test func refuseValuesOfAnotherType() {
        #expect(throws: ColumnConversionError.self) { try Int(columnValue: .string("1")) }
        #expect(throws: ColumnConversionError.self) { try Int32(columnValue: .int(.max)) }
        #expect(throws: ColumnConversionError.self) { try String(columnValue: .null) }
        #expect(throws: ColumnConversionError.self) { try Shop.OrderStatus(columnValue: .string("shipped")) }
        #expect(throws: ColumnConversionError.self) { try [String](columnValue: .json("{")) }
    }

    @Test func encodeAsTaggedJSON() throws {
        let values: [ColumnValue] = [
            .null, .bool(true), .int(-3), .double(0.5), .decimal(Decimal(string: "1.25")!), .string("s"),
            .date(fixedDate),
            .uuid(UUID()), .data(Data([9])), .json("{}"),
        ]
        let data = try EventPayload.encode(values)
        #expect(try EventPayload.decode([ColumnValue].self, from: data) == values)
        #expect(String(decoding: try EventPayload.encode([ColumnValue.int(42)]), as: UTF8.self) == #"[{"int":42}]"#)
    }

    @Test func schemaHashesAreStableAndFollowTheShape() {
        let schema = Shop.UserOrders.schema
        // The same shape always hashes to the same text, in every process and on every platform.
        #expect(
            schema.shapeHash
                == ReadModelSchema(name: schema.name, columns: schema.columns, key: schema.key, indexes: schema.indexes)
                .shapeHash)
        #expect(schema.shapeHash.count == 16)
        let fixed = ReadModelSchema(name: "T", columns: [.init(name: "id", type: .int)], key: ["id"])
        #expect(fixed.shapeHash == "1d1f58e26d1e16db")  // FNV-1a of the documented fields

        var renamed = schema.columns
        renamed[1].name = "customer"
        #expect(
            ReadModelSchema(name: schema.name, columns: renamed, key: schema.key, indexes: schema.indexes).shapeHash
                != schema.shapeHash)
        #expect(
            ReadModelSchema(name: schema.name, columns: schema.columns, key: schema.key).shapeHash != schema.shapeHash)
        var nullable = schema.columns
        nullable[1].nullable = true
        #expect(
            ReadModelSchema(name: schema.name, columns: nullable, key: schema.key, indexes: schema.indexes).shapeHash
                != schema.shapeHash)
    }

    @Test func rowsConvertToColumnsAndBack() throws {
        let row = Shop.UserOrders(
            orderId: UUID(), userId: "ada", itemCount: 2, totalUSD: 12, status: .paid, placedAt: fixedDate)
        #expect(try Shop.UserOrders(columns: row.columns) == row)
        #expect(row.key == [.uuid(row.orderId)])
        #expect(Shop.UserOrders.schema.key(of: row.columns) == row.key)
        #expect(throws: ReadStoreError.self) { try Shop.UserOrders(columns: Array(row.columns.dropLast())) }
    }
}
