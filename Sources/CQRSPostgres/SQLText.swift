/// Helpers for SQL text: quoted identifiers and literals, stable keys for advisory locks.
enum SQLText {
    /// `"name"`, with inner quotes doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `'text'`, with inner quotes doubled (for DDL, where parameters cannot be bound).
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A 64-bit FNV-1a hash of the parts: the same in every process, for advisory lock keys and names.
    static func stableHash(_ parts: [String]) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
            value ^= 0xFF
            value &*= 0x0000_0100_0000_01B3
        }
        return value
    }

    /// An advisory lock key for a purpose within a schema.
    static func lockKey(_ purpose: String, schema: String, _ name: String = "") -> Int64 {
        Int64(bitPattern: stableHash(["cqrs", purpose, schema, name]))
    }

    /// 16 lower-case hexadecimal digits of a stable hash.
    static func hex(_ parts: String...) -> String {
        let digits = String(stableHash(parts), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
