/// Recognizers for the textual forms of literal values: ISO 8601 timestamps, UUIDs, base64, URLs,
/// booleans. They work on UTF-8 bytes and use no Foundation, since they run once per literal.
package enum LiteralSyntax {
    /// Whether `text` is an ISO 8601 timestamp `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` naming a
    /// real calendar date and time (`2024-05-01T12:00:00Z`).
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return false }
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + length)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue!
        }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"),
            let day = number(8, 2), byte(10, is: "T") || byte(10, is: "t"),
            let hour = number(11, 2), byte(13, is: ":"), let minute = number(14, 2), byte(16, is: ":"),
            let second = number(17, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23,
            minute <= 59, second <= 60
        else { return false }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, is: "Z") || byte(index, is: "z") {
            return index + 1 == bytes.count
        }
        guard byte(index, is: "+") || byte(index, is: "-"), let offsetHours = number(index + 1, 2),
            byte(index + 3, is: ":"), let offsetMinutes = number(index + 4, 2)
        else { return false }
        return offsetHours <= 23 && offsetMinutes <= 59 && index + 6 == bytes.count
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The canonical (upper-case) text of a UUID written `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, or
    /// `nil` if `text` is not one.
    static func canonicalUUID(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        guard bytes.count == 36 else { return nil }
        for index in bytes.indices {
            let byte = bytes[index]
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f") {
                bytes[index] = byte - 0x20
            } else {
                guard (byte >= 0x30 && byte <= 0x39) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
                else { return nil }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` is standard base64 (RFC 4648 alphabet, `=` padding to a multiple of four).
    static func isBase64(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return false }
        var padding = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "=") {
                guard index >= bytes.count - 2 else { return false }
                padding += 1
                continue
            }
            guard padding == 0 else { return false }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isDigit = byte >= 0x30 && byte <= 0x39
            guard isLetter || isDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") else { return false }
        }
        return true
    }

    /// Whether `text` is an absolute URL: a scheme (`https:`), then text without spaces.
    static func isAbsoluteURL(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < bytes.count else {
            return false
        }
        for (index, byte) in bytes[..<colon].enumerated() {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isOther =
                byte >= 0x30 && byte <= 0x39 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            guard isLetter || (index > 0 && isOther) else { return false }
        }
        return !bytes.contains { $0 <= 0x20 || $0 == 0x7F }
    }

    /// `true` for `true`/`True`/`TRUE`, `false` for `false`/`False`/`FALSE`, else `nil`.
    package static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }
}
