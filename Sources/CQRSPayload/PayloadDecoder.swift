import Foundation

/// A parsed JSON document: the bytes and their tokens, shared by every container of one decode.
@usableFromInline
package final class PayloadDocument {
    let bytes: [UInt8]
    let tokens: [PayloadToken]

    /// Parses `bytes`, whose arrays and objects may nest `maximumDepth` deep.
    ///
    /// - Throws: ``PayloadSyntaxError`` when they are not JSON, or nest deeper.
    package init(bytes: [UInt8], maximumDepth: Int = PayloadParser.maximumDepth) throws {
        self.bytes = bytes
        self.tokens = try PayloadParser.parse(bytes, maximumDepth: maximumDepth)
    }

    // MARK: Values

    /// The value at `index`, read by the method for its type when there is one (without a container), else
    /// through its `Decodable` conformance. Inlinable, so that a caller that knows `T` (a generated type's
    /// field, through ``FieldReader``) picks the method where it is compiled, with no dispatch at run time.
    @inlinable
    func decode<T: Decodable>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        if T.self == String.self { return cast(try decodeString(at: index, path: path())) }
        if T.self == Date.self { return cast(try decodeDate(at: index, path: path())) }
        if T.self == Decimal.self { return cast(try decodeDecimal(at: index, path: path())) }
        if T.self == UUID.self { return cast(try decodeUUID(at: index, path: path())) }
        if T.self == Int.self { return cast(try decodeInteger(Int.self, at: index, path: path())) }
        if T.self == Bool.self { return cast(try decodeBool(at: index, path: path())) }
        if T.self == Double.self { return cast(try decodeDouble(at: index, path: path())) }
        if T.self == [String].self { return cast(try decodeStrings(at: index, path: path())) }
        if T.self == Data.self { return cast(try decodeData(at: index, path: path())) }
        if T.self == URL.self { return cast(try decodeURL(at: index, path: path())) }
        if T.self == JSONValue.self { return cast(try jsonValue(at: index)) }
        return try decodeThroughDecodable(T.self, at: index, path: path())
    }

    /// The value at `index` through `T`'s `Decodable` conformance, with a decoder over this document.
    @usableFromInline
    func decodeThroughDecodable<T: Decodable>(_ type: T.Type, at index: Int, path: [any CodingKey]) throws -> T {
        try T(from: PayloadDecoder(document: self, token: index, codingPath: path))
    }

    func kind(at index: Int) -> PayloadToken.Kind { tokens[index].kind }

    /// An array of strings, without a container per element.
    @usableFromInline
    func decodeStrings(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> [String] {
        let token = tokens[index]
        guard token.kind == .array else { throw mismatch([String].self, at: index, path: path()) }
        var strings: [String] = []
        strings.reserveCapacity(Int(token.start))
        var child = index + 1
        while child < Int(token.next) {
            guard let text = string(at: child) else {
                throw mismatch(String.self, at: child, path: path() + [IndexCodingKey(strings.count)])
            }
            strings.append(text)
            child += 1
        }
        return strings
    }

    @usableFromInline
    func decodeString(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard let text = string(at: index) else { throw mismatch(String.self, at: index, path: path()) }
        return text
    }

    @usableFromInline
    func decodeBool(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch tokens[index].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: index, path: path())
        }
    }

    @usableFromInline
    func decodeInteger<T: FixedWidthInteger>(
        _ type: T.Type,
        at index: Int,
        path: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        let token = tokens[index]
        guard token.kind == .number else { throw mismatch(T.self, at: index, path: path()) }
        var position = Int(token.start)
        let end = Int(token.end)
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        var simple = true
        while position < end {
            let byte = bytes[position]
            guard byte >= 0x30, byte <= 0x39 else {
                simple = false
                break
            }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { throw outOfRange(T.self, at: index, path: path()) }
            magnitude = sum
            position += 1
        }
        if simple {
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1, let value = T(exactly: -Int128(magnitude)) else {
                    throw outOfRange(T.self, at: index, path: path())
                }
                return value
            }
            guard let value = T(exactly: magnitude) else { throw outOfRange(T.self, at: index, path: path()) }
            return value
        }
        // `1.0`, `1e3`: accepted when the value is a whole number that fits.
        guard let decimal = PayloadScalars.parseDecimal(bytes[Int(token.start)..<end]),
            let whole = Int64(exactly: NSDecimalNumber(decimal: decimal).doubleValue),
            Decimal(whole) == decimal,
            let value = T(exactly: whole)
        else { throw outOfRange(T.self, at: index, path: path()) }
        return value
    }

    @usableFromInline
    func decodeDouble(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Double {
        let token = tokens[index]
        guard token.kind == .number,
            let value = Double(String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self))
        else { throw mismatch(Double.self, at: index, path: path()) }
        // `1e400`: too large for a Double, not infinity.
        guard value.isFinite else { throw outOfRange(Double.self, at: index, path: path()) }
        return value
    }

    func decodeFloat(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Float {
        let token = tokens[index]
        guard token.kind == .number,
            let value = Float(String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self))
        else { throw mismatch(Float.self, at: index, path: path()) }
        guard value.isFinite else { throw outOfRange(Float.self, at: index, path: path()) }
        return value
    }

    @usableFromInline
    func decodeDecimal(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Decimal {
        let token = tokens[index]
        guard token.kind == .number else { throw mismatch(Decimal.self, at: index, path: path()) }
        guard let value = PayloadScalars.parseDecimal(bytes[Int(token.start)..<Int(token.end)]) else {
            throw outOfRange(Decimal.self, at: index, path: path())
        }
        return value
    }

    @usableFromInline
    func decodeDate(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Date {
        let token = tokens[index]
        guard token.kind == .number else { throw mismatch(Date.self, at: index, path: path()) }
        guard let value = PayloadScalars.parseDate(bytes[Int(token.start)..<Int(token.end)]) else {
            throw outOfRange(Date.self, at: index, path: path())
        }
        return value
    }

    @usableFromInline
    func decodeUUID(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> UUID {
        let token = tokens[index]
        switch token.kind {
        case .string:
            let uuid = bytes.withUnsafeBufferPointer { buffer in
                PayloadScalars.parseUUID(UnsafeBufferPointer(rebasing: buffer[Int(token.start)..<Int(token.end)]))
            }
            if let uuid { return uuid }
        case .escapedString:
            if let text = string(at: index), let uuid = UUID(uuidString: text) { return uuid }
        default:
            throw mismatch(UUID.self, at: index, path: path())
        }
        throw DecodingError.dataCorrupted(
            .init(codingPath: path(), debugDescription: "Not a UUID at byte \(offset(at: index))."))
    }

    @usableFromInline
    func decodeData(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Data {
        guard let text = string(at: index) else { throw mismatch(Data.self, at: index, path: path()) }
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path(), debugDescription: "Not base64 text at byte \(offset(at: index))."))
        }
        return data
    }

    @usableFromInline
    func decodeURL(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> URL {
        guard let text = string(at: index) else { throw mismatch(URL.self, at: index, path: path()) }
        guard let url = URL(string: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path(), debugDescription: "Not a URL at byte \(offset(at: index))."))
        }
        return url
    }

    @usableFromInline
    func jsonValue(at index: Int) throws -> JSONValue {
        let token = tokens[index]
        switch token.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self))
        case .string, .escapedString: return .string(string(at: index)!)
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(token.start))
            var child = index + 1
            while child < Int(token.next) {
                elements.append(try jsonValue(at: child))
                child = Int(tokens[child].next)
            }
            return .array(elements)
        case .object:
            var members: [String: JSONValue] = [:]
            var child = index + 1
            while child < Int(token.next) {
                members[string(at: child)!] = try jsonValue(at: child + 1)
                child = Int(tokens[child + 1].next)
            }
            return .object(members)
        }
    }

    // MARK: Objects

    /// The token index of the member named `key` in the object at `index`.
    func member(named key: String, inObjectAt index: Int) -> Int? {
        var key = key
        return key.withUTF8 { member(named: $0, inObjectAt: index) }
    }

    /// The value's token of the member `name` (a generated field's spec name) of the object at `index`.
    func member(named name: StaticString, inObjectAt index: Int) -> Int? {
        name.withUTF8Buffer { member(named: $0, inObjectAt: index) }
    }

    private func member(named name: UnsafeBufferPointer<UInt8>, inObjectAt index: Int) -> Int? {
        var child = index + 1
        let end = Int(tokens[index].next)
        while child < end {
            let token = tokens[child]
            if token.kind == .string {
                let length = Int(token.end - token.start)
                if length == name.count {
                    let matches = bytes.withUnsafeBufferPointer { all in
                        length == 0 || memcmp(all.baseAddress! + Int(token.start), name.baseAddress!, length) == 0
                    }
                    if matches { return child + 1 }
                }
            } else if let text = string(at: child), text.utf8.elementsEqual(name) {
                return child + 1
            }
            child = Int(tokens[child + 1].next)
        }
        return nil
    }

    /// Every member name of the object at `index`.
    func memberNames(inObjectAt index: Int) -> [String] {
        var names: [String] = []
        var child = index + 1
        let end = Int(tokens[index].next)
        while child < end {
            names.append(string(at: child) ?? "")
            child = Int(tokens[child + 1].next)
        }
        return names
    }

    // MARK: Strings

    func string(at index: Int) -> String? {
        let token = tokens[index]
        switch token.kind {
        case .string:
            return String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
        case .escapedString:
            return unescape(bytes[Int(token.start)..<Int(token.end)])
        default:
            return nil
        }
    }

    private func unescape(_ raw: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.endIndex else { return nil }
            var value: UInt32 = 0
            for byte in raw[at..<at + 4] {
                value <<= 4
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
            }
            return value
        }
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex else {
                out.append(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(index) else {
                    out.append(contentsOf: "\u{FFFD}".utf8)
                    continue
                }
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.endIndex, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u"), let low = hex4(index + 2), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Errors

    /// Where the value at token `index` starts in the bytes (strings: their opening quote).
    func offset(at index: Int) -> Int {
        let token = tokens[index]
        switch token.kind {
        case .string, .escapedString: return Int(token.start) - 1
        case .null, .true, .false, .number: return Int(token.start)
        case .object, .array: return Int(token.end)
        }
    }

    private func describe(_ kind: PayloadToken.Kind) -> String {
        switch kind {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string, .escapedString: "a string"
        case .object: "an object"
        case .array: "an array"
        }
    }

    func mismatch(_ type: Any.Type, at index: Int, path: [any CodingKey]) -> DecodingError {
        let kind = tokens[index].kind
        if kind == .null {
            return DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: path, debugDescription: "Expected \(type) but found null at byte \(offset(at: index)).")
            )
        }
        return DecodingError.typeMismatch(
            type,
            .init(
                codingPath: path,
                debugDescription: "Expected \(type) but found \(describe(kind)) at byte \(offset(at: index))."
            )
        )
    }

    func outOfRange(_ type: Any.Type, at index: Int, path: [any CodingKey]) -> DecodingError {
        let token = tokens[index]
        let text = String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
        return DecodingError.dataCorrupted(
            .init(
                codingPath: path,
                debugDescription: "The number \(text) at byte \(offset(at: index)) does not fit \(type)."
            )
        )
    }
}

/// The `Decoder` behind ``EventPayload/decode(_:from:upcaster:)``: reads values straight from the tokens.
struct PayloadDecoder: Decoder {
    let document: PayloadDocument
    let token: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard document.kind(at: token) == .object else {
            throw document.mismatch([String: JSONValue].self, at: token, path: codingPath)
        }
        return KeyedDecodingContainer(PayloadKeyedDecodingContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.kind(at: token) == .array else {
            throw document.mismatch([JSONValue].self, at: token, path: codingPath)
        }
        return PayloadUnkeyedDecodingContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        PayloadSingleValueDecodingContainer(decoder: self)
    }
}

private struct PayloadKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: PayloadDecoder
    var document: PayloadDocument { decoder.document }
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        document.memberNames(inObjectAt: decoder.token).compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        document.member(named: key.stringValue, inObjectAt: decoder.token) != nil
    }

    private func value(_ key: Key) throws -> Int {
        guard let index = document.member(named: key.stringValue, inObjectAt: decoder.token) else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: codingPath, debugDescription: "No value for the key '\(key.stringValue)'.")
            )
        }
        return index
    }

    func decodeNil(forKey key: Key) throws -> Bool { document.kind(at: try value(key)) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try document.decodeBool(at: try value(key), path: codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try document.decodeString(at: try value(key), path: codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try document.decodeDouble(at: try value(key), path: codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try document.decodeFloat(at: try value(key), path: codingPath + [key])
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        try document.decodeInteger(T.self, at: try value(key), path: codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try document.decode(T.self, at: try value(key), path: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = document.member(named: key.stringValue, inObjectAt: decoder.token),
            document.kind(at: index) != .null
        else { return nil }
        return try document.decode(T.self, at: index, path: codingPath + [key])
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let index = document.member(named: key.stringValue, inObjectAt: decoder.token),
            document.kind(at: index) != .null
        else { return nil }
        return try document.decodeString(at: index, path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try PayloadDecoder(document: document, token: try value(key), codingPath: codingPath + [key])
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try PayloadDecoder(document: document, token: try value(key), codingPath: codingPath + [key])
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(forKey: Key(stringValue: "super")!)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        PayloadDecoder(document: document, token: try value(key), codingPath: codingPath + [key])
    }
}

private struct PayloadUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: PayloadDecoder
    var document: PayloadDocument { decoder.document }
    var codingPath: [any CodingKey] { decoder.codingPath }
    let count: Int?
    private(set) var currentIndex = 0
    private var token: Int
    private let end: Int

    init(decoder: PayloadDecoder) {
        self.decoder = decoder
        let container = decoder.document.tokens[decoder.token]
        count = Int(container.start)
        token = decoder.token + 1
        end = Int(container.next)
    }

    var isAtEnd: Bool { token >= end }

    private var path: [any CodingKey] { codingPath + [IndexCodingKey(currentIndex)] }

    private mutating func next() throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self,
                .init(codingPath: path, debugDescription: "The array has no more elements.")
            )
        }
        let here = token
        token = Int(document.tokens[token].next)
        currentIndex += 1
        return here
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, document.kind(at: token) == .null else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let path = self.path
        return try document.decodeBool(at: try next(), path: path)
    }
    mutating func decode(_ type: String.Type) throws -> String {
        let path = self.path
        return try document.decodeString(at: try next(), path: path)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        let path = self.path
        return try document.decodeDouble(at: try next(), path: path)
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        let path = self.path
        return try document.decodeFloat(at: try next(), path: path)
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        let path = self.path
        return try document.decodeInteger(T.self, at: try next(), path: path)
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let base = codingPath
        let position = currentIndex
        return try document.decode(T.self, at: try next(), path: base + [IndexCodingKey(position)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let path = self.path
        return try PayloadDecoder(document: document, token: try next(), codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = self.path
        return try PayloadDecoder(document: document, token: try next(), codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = self.path
        return PayloadDecoder(document: document, token: try next(), codingPath: path)
    }
}

private struct PayloadSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: PayloadDecoder
    var document: PayloadDocument { decoder.document }
    var codingPath: [any CodingKey] { decoder.codingPath }
    var token: Int { decoder.token }

    func decodeNil() -> Bool { document.kind(at: token) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try document.decodeBool(at: token, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try document.decodeString(at: token, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try document.decodeDouble(at: token, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try document.decodeFloat(at: token, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private func integer<T: FixedWidthInteger>() throws -> T {
        try document.decodeInteger(T.self, at: token, path: codingPath)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try document.decode(T.self, at: token, path: codingPath)
    }
}
