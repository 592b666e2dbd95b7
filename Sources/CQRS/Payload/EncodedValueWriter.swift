import Foundation

/// Writes an ``EncodedValue`` tree as compact JSON: object members in the order they were encoded,
/// strings escaped only where JSON requires it.
struct EncodedValueWriter {
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
        PayloadScalars.appendString(text, to: &bytes)
    }
}
