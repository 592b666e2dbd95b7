import Foundation

extension PayloadWriter {
    /// Writes an ``EncodedValue`` tree (the `Codable` path) with the same scalar writers as the
    /// ``PayloadEncodable`` path, so that both give the same bytes: object members in the order they were
    /// encoded, except a dictionary's, which are sorted by their bytes as ``PayloadValue`` sorts them.
    mutating func write(_ value: EncodedValue) throws {
        switch value {
        case .null: writeNull()
        case .bool(let flag): writeBool(flag)
        case .int(let number): writeInteger(number)
        case .uint(let number): writeInteger(number)
        case .double(let number): try writeDouble(number)
        case .float(let number): try writeFloat(number)
        case .decimal(let number): try writeDecimal(number)
        case .date(let date): try writeDate(date)
        case .string(let text): writeString(text)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .object(let object):
            if object.keyType != nil, object.keyType == PayloadEncoder.dictionaryKeyType, object.members.count > 1 {
                try writeSorted(object)
                return
            }
            beginObject()
            for member in object.members {
                if needsComma { bytes.append(UInt8(ascii: ",")) }
                PayloadScalars.appendString(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                try write(member.value)
                needsComma = true
            }
            endObject()
        case .array(let array):
            beginArray()
            for element in array.elements {
                if needsComma { bytes.append(UInt8(ascii: ",")) }
                try write(element)
                needsComma = true
            }
            endArray()
        }
    }

    /// A dictionary's object: each member written on its own, then sorted by its bytes.
    private mutating func writeSorted(_ object: EncodedObject) throws {
        var members: [[UInt8]] = []
        members.reserveCapacity(object.members.count)
        for member in object.members {
            var writer = PayloadWriter()
            PayloadScalars.appendString(member.key, to: &writer.bytes)
            writer.bytes.append(UInt8(ascii: ":"))
            try writer.write(member.value)
            members.append(writer.bytes)
        }
        members.sort { $0.lexicographicallyPrecedes($1) }
        beginObject()
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: member)
        }
        endObject()
    }
}
