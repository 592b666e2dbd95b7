import Foundation

/// Writes an ``EncodedValue`` tree as compact JSON: object members in the order they were encoded,
/// strings escaped only where JSON requires it.
struct PayloadWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: EncodedValue) throws {
        switch value {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let flag):
            bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .int(let number):
            writeInteger(number)
        case .uint(let number):
            if number <= UInt64(Int64.max) {
                writeInteger(Int64(number))
            } else {
                bytes.append(contentsOf: String(number).utf8)
            }
        case .double(let number):
            bytes.append(contentsOf: number.description.utf8)
        case .float(let number):
            bytes.append(contentsOf: number.description.utf8)
        case .decimal(let number):
            guard DecimalText.append(number, to: &bytes) else {
                throw EncodingError.invalidValue(
                    number, .init(codingPath: [], debugDescription: "JSON cannot hold NaN."))
            }
        case .date(let date):
            guard PayloadScalars.appendDate(date, to: &bytes) else {
                throw EncodingError.invalidValue(
                    date,
                    .init(codingPath: [], debugDescription: "JSON cannot hold a date that is not finite.")
                )
            }
        case .string(let text):
            writeString(text)
        case .number(let text):
            bytes.append(contentsOf: text.utf8)
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for member in object.members {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                try write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            var first = true
            for element in array.elements {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                try write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    private mutating func writeInteger(_ number: Int64) {
        if number >= 0, number < 10 {
            bytes.append(UInt8(number) + 0x30)
            return
        }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for 20 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var index = scratch.count
            while magnitude > 0 {
                index -= 1
                scratch[index] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
            }
            if number < 0 {
                index -= 1
                scratch[index] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: scratch[index...])
        }
    }

    private mutating func writeString(_ text: String) {
        Self.appendString(text, to: &bytes)
    }

    /// Appends a JSON string: quotes, and escapes only for `"`, `\\` and control characters.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0x0A: bytes.append(contentsOf: "\\n".utf8)
                case 0x0D: bytes.append(contentsOf: "\\r".utf8)
                case 0x09: bytes.append(contentsOf: "\\t".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
