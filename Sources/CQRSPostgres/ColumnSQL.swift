import CQRS
import Foundation
import PostgresNIO

/// How read model columns live in PostgreSQL: the SQL type of each ``CQRS/ColumnType``, the binary form of
/// values as statement parameters, and values read back.
///
/// | column type | SQL type | order |
/// |---|---|---|
/// | bool | boolean | false < true |
/// | int | bigint | numeric |
/// | double | double precision | numeric, NaN last |
/// | decimal | numeric | numeric, exact |
/// | string | text COLLATE "C" | by UTF-8 bytes |
/// | date | timestamptz | by time (microseconds) |
/// | uuid | uuid | by bytes |
/// | data | bytea | by bytes |
/// | json | text COLLATE "C" | by UTF-8 bytes (kept byte for byte) |
enum ColumnSQL {
    /// The column's type in `CREATE TABLE`.
    static func definition(_ type: ColumnType) -> String {
        switch type {
        case .string, .json: "text COLLATE \"C\""
        default: sqlType(type)
        }
    }

    /// The SQL type name, for casts.
    static func sqlType(_ type: ColumnType) -> String {
        switch type {
        case .bool: "boolean"
        case .int: "bigint"
        case .double: "double precision"
        case .decimal: "numeric"
        case .string, .json: "text"
        case .date: "timestamptz"
        case .uuid: "uuid"
        case .data: "bytea"
        }
    }

    /// The wire type of one parameter value (decimals travel as text and are cast).
    static func wireType(_ type: ColumnType) -> PostgresDataType {
        switch type {
        case .bool: .bool
        case .int: .int8
        case .double: .float8
        case .decimal, .string, .json: .text
        case .date: .timestamptz
        case .uuid: .uuid
        case .data: .bytea
        }
    }

    /// The wire type of an array parameter.
    static func wireArrayType(_ type: ColumnType) -> PostgresDataType {
        switch type {
        case .bool: .boolArray
        case .int: .int8Array
        case .double: .float8Array
        case .decimal, .string, .json: .textArray
        case .date: .timestamptzArray
        case .uuid: .uuidArray
        case .data: .byteaArray
        }
    }

    /// `$n::type`: a parameter placeholder cast to the column's SQL type.
    static func placeholder(_ number: Int, _ type: ColumnType) -> String {
        "$\(number)::\(sqlType(type))"
    }

    /// The expression that selects a column (decimals as text, parsed exactly).
    static func select(_ column: String, _ type: ColumnType) -> String {
        type == .decimal ? "\(column)::text" : column
    }

    /// Microseconds since 2000-01-01, PostgreSQL's timestamp epoch (rounded to the nearest).
    static func microseconds(_ date: Date) -> Int64 {
        Int64(((date.timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded())
    }

    /// Writes a non-null value in the binary format of ``wireType(_:)``; throws for a value of another type.
    static func write(_ value: ColumnValue, as type: ColumnType, into buffer: inout ByteBuffer) throws {
        switch (type, value) {
        case (.bool, .bool(let bool)): buffer.writeInteger(bool ? 1 : 0, as: UInt8.self)
        case (.int, .int(let int)): buffer.writeInteger(int)
        case (.double, .double(let double)): buffer.writeInteger(double.bitPattern)
        case (.decimal, .decimal(let decimal)): buffer.writeString(decimalText(decimal))
        case (.string, .string(let text)), (.json, .json(let text)): buffer.writeString(text)
        case (.date, .date(let date)): buffer.writeInteger(microseconds(date))
        case (.uuid, .uuid(let uuid)):
            withUnsafeBytes(of: uuid.uuid) { _ = buffer.writeBytes($0) }
        case (.data, .data(let data)): buffer.writeBytes(data)
        default: throw ColumnMismatch(expected: type, found: value)
        }
    }

    /// A decimal's exact text (`Decimal.description` is locale-independent).
    static func decimalText(_ decimal: Decimal) -> String { decimal.description }

    /// The value of `cell` for a column of `type`.
    static func read(_ cell: PostgresCell, as type: ColumnType) throws -> ColumnValue {
        guard cell.bytes != nil else { return .null }
        switch type {
        case .bool: return .bool(try cell.decode(Bool.self))
        case .int: return .int(try cell.decode(Int64.self))
        case .double: return .double(try cell.decode(Double.self))
        case .decimal:
            let text = try cell.decode(String.self)
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw PostgresStoreError.corruptRow(position: 0, reason: "numeric \(text) is not a Decimal")
            }
            return .decimal(decimal)
        case .string: return .string(try cell.decode(String.self))
        case .json: return .json(try cell.decode(String.self))
        case .date: return .date(try cell.decode(Date.self))
        case .uuid: return .uuid(try cell.decode(UUID.self))
        case .data:
            var buffer = try cell.decode(ByteBuffer.self)
            return .data(buffer.readData())
        }
    }
}

/// A value of another type than its column's (a programming error in the caller, reported as
/// ``CQRS/ReadStoreError``).
struct ColumnMismatch: Error {
    var expected: ColumnType
    var found: ColumnValue
}

/// One non-null read model value as a statement parameter, in binary.
struct ColumnParameter: PostgresThrowingDynamicTypeEncodable {
    var value: ColumnValue
    var type: ColumnType

    var psqlType: PostgresDataType { ColumnSQL.wireType(type) }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        try ColumnSQL.write(value, as: type, into: &byteBuffer)
    }
}

/// A column's values (nulls allowed) as one array parameter, in PostgreSQL's binary array format: for
/// `unnest` in bulk writes.
struct ColumnArrayParameter: PostgresThrowingDynamicTypeEncodable {
    var values: [ColumnValue]
    var type: ColumnType

    var psqlType: PostgresDataType { ColumnSQL.wireArrayType(type) }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) throws {
        let hasNulls = values.contains(.null)
        byteBuffer.writeInteger(Int32(values.isEmpty ? 0 : 1))
        byteBuffer.writeInteger(Int32(hasNulls ? 1 : 0))
        byteBuffer.writeInteger(ColumnSQL.wireType(type).rawValue)
        guard !values.isEmpty else { return }
        byteBuffer.writeInteger(Int32(values.count))
        byteBuffer.writeInteger(Int32(1))
        for value in values {
            if value == .null {
                byteBuffer.writeInteger(Int32(-1))
                continue
            }
            let lengthIndex = byteBuffer.writerIndex
            byteBuffer.writeInteger(Int32(0))
            let start = byteBuffer.writerIndex
            try ColumnSQL.write(value, as: type, into: &byteBuffer)
            byteBuffer.setInteger(Int32(byteBuffer.writerIndex - start), at: lengthIndex)
        }
    }
}
