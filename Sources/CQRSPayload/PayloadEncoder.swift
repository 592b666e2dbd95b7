import Foundation

/// A value being encoded: the tree the `Encoder` builds before it is written as JSON.
enum EncodedValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case float(Float)
    case decimal(Decimal)
    case date(Date)
    /// A JSON string.
    case string(String)
    /// JSON number text, written verbatim.
    case number(String)
    case object(EncodedObject)
    case array(EncodedArray)
}

/// The members of an object being encoded (a class, so that containers can keep adding to it).
final class EncodedObject {
    var members: [(key: String, value: EncodedValue)] = []
    /// The coding key type of the container that made it: the one `Dictionary` uses means "sort the
    /// members", so that a dictionary always gives the same bytes.
    var keyType: ObjectIdentifier?

    init(keyType: ObjectIdentifier? = nil) {
        self.keyType = keyType
    }
}

/// The elements of an array being encoded.
final class EncodedArray {
    var elements: [EncodedValue] = []
}

/// The `Encoder` behind `EventPayload.encode(_:)`, the `Codable` path: builds an
/// ``EncodedValue`` tree, which ``PayloadWriter`` then writes. It allows every use `Codable` permits
/// (containers written in any order, `superEncoder`).
final class PayloadEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// What has been encoded at this level; written through to `parent` when there is one.
    var value: EncodedValue? {
        didSet {
            if let parent, let value { parent.members[parentIndex].value = value }
        }
    }
    private let parent: EncodedObject?
    private let parentIndex: Int

    init(codingPath: [any CodingKey] = [], parent: EncodedObject? = nil, parentIndex: Int = 0) {
        self.codingPath = codingPath
        self.parent = parent
        self.parentIndex = parentIndex
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: EncodedObject
        if case .object(let existing)? = value {
            object = existing
        } else {
            object = EncodedObject(keyType: ObjectIdentifier(Key.self))
            value = .object(object)
        }
        return KeyedEncodingContainer(PayloadKeyedEncodingContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: EncodedArray
        if case .array(let existing)? = value {
            array = existing
        } else {
            array = EncodedArray()
            value = .array(array)
        }
        return PayloadUnkeyedEncodingContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        PayloadSingleValueEncodingContainer(encoder: self)
    }

    /// Encodes any value, treating the payload format's special types first.
    static func box<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> EncodedValue {
        if T.self == String.self { return .string(cast(value)) }
        if T.self == Int.self { return .int(Int64(cast(value) as Int)) }
        if T.self == Bool.self { return .bool(cast(value)) }
        if T.self == Double.self { return try checked(cast(value) as Double, codingPath()) }
        if T.self == Int64.self { return .int(cast(value)) }
        if T.self == [String].self {
            let array = EncodedArray()
            array.elements = (cast(value) as [String]).map { .string($0) }
            return .array(array)
        }
        if T.self == Date.self { return .date(cast(value) as Date) }
        if T.self == Decimal.self { return .decimal(cast(value) as Decimal) }
        if T.self == UUID.self { return .string(PayloadScalars.uuidText(cast(value))) }
        if T.self == Data.self { return .string((cast(value) as Data).base64EncodedString()) }
        if T.self == URL.self { return .string((cast(value) as URL).absoluteString) }
        if T.self == JSONValue.self { return (cast(value) as JSONValue).encodedValue }
        let encoder = PayloadEncoder(codingPath: codingPath())
        try value.encode(to: encoder)
        return encoder.value ?? .object(EncodedObject())
    }

    /// The coding key type the standard library's `Dictionary` encodes `String`, `Int` and
    /// `CodingKeyRepresentable` keys with (found by encoding one).
    static let dictionaryKeyType: ObjectIdentifier? = {
        let encoder = PayloadEncoder()
        try? ["key": 0].encode(to: encoder)
        guard case .object(let object)? = encoder.value else { return nil }
        return object.keyType
    }()

    static func checked(_ value: Double, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> EncodedValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: codingPath(), debugDescription: "JSON cannot hold the non-finite number \(value).")
            )
        }
        return .double(value)
    }

    static func checked(_ value: Float, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> EncodedValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: codingPath(), debugDescription: "JSON cannot hold the non-finite number \(value).")
            )
        }
        return .float(value)
    }
}

private struct PayloadKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: EncodedObject
    let codingPath: [any CodingKey]

    private func put(_ value: EncodedValue, _ key: Key) {
        object.members.append((key.stringValue, value))
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(try PayloadEncoder.checked(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(try PayloadEncoder.checked(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.uint(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try PayloadEncoder.box(value, codingPath: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject(keyType: ObjectIdentifier(NestedKey.self))
        put(.object(nested), key)
        return KeyedEncodingContainer(
            PayloadKeyedEncodingContainer<NestedKey>(object: nested, codingPath: codingPath + [key])
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        put(.array(nested), key)
        return PayloadUnkeyedEncodingContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(forKey: Key(stringValue: "super")!)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        put(.object(EncodedObject()), key)
        return PayloadEncoder(codingPath: codingPath + [key], parent: object, parentIndex: object.members.count - 1)
    }
}

private struct PayloadUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let array: EncodedArray
    let codingPath: [any CodingKey]
    var count: Int { array.elements.count }

    private var nextKey: any CodingKey { IndexCodingKey(array.elements.count) }

    mutating func encodeNil() throws { array.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        array.elements.append(try PayloadEncoder.checked(value, codingPath + [nextKey]))
    }
    mutating func encode(_ value: Float) throws {
        array.elements.append(try PayloadEncoder.checked(value, codingPath + [nextKey]))
    }
    mutating func encode(_ value: Int) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.elements.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { array.elements.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.elements.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { array.elements.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { array.elements.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { array.elements.append(.uint(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try PayloadEncoder.box(value, codingPath: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject(keyType: ObjectIdentifier(NestedKey.self))
        let path = codingPath + [nextKey]
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(PayloadKeyedEncodingContainer<NestedKey>(object: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        let path = codingPath + [nextKey]
        array.elements.append(.array(nested))
        return PayloadUnkeyedEncodingContainer(array: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        // Arrays hold the super value as an element; wrap it in a one-member object slot.
        let slot = EncodedObject()
        slot.members.append(("super", .object(EncodedObject())))
        let path = codingPath + [nextKey]
        array.elements.append(.object(slot))
        return PayloadEncoder(codingPath: path, parent: slot, parentIndex: 0)
    }
}

private struct PayloadSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: PayloadEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.value = .null }
    mutating func encode(_ value: Bool) throws { encoder.value = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.value = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.value = try PayloadEncoder.checked(value, codingPath) }
    mutating func encode(_ value: Float) throws { encoder.value = try PayloadEncoder.checked(value, codingPath) }
    mutating func encode(_ value: Int) throws { encoder.value = .int(Int64(value)) }
    mutating func encode(_ value: Int8) throws { encoder.value = .int(Int64(value)) }
    mutating func encode(_ value: Int16) throws { encoder.value = .int(Int64(value)) }
    mutating func encode(_ value: Int32) throws { encoder.value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.value = .int(value) }
    mutating func encode(_ value: UInt) throws { encoder.value = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.value = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.value = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.value = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.value = .uint(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.value = try PayloadEncoder.box(value, codingPath: codingPath)
    }
}

/// The coding key of an array element.
struct IndexCodingKey: CodingKey {
    let index: Int
    var intValue: Int? { index }
    var stringValue: String { "Index \(index)" }

    init(_ index: Int) {
        self.index = index
    }

    init?(intValue: Int) { self.init(intValue) }

    init?(stringValue: String) { nil }
}

/// Reinterprets a generic value whose type has been checked to be `U` (`T.self == U.self`): a dynamic cast
/// would cost far more.
@inlinable
@inline(__always)
func cast<T, U>(_ value: T) -> U {
    precondition(T.self == U.self)
    return withUnsafePointer(to: value) { $0.withMemoryRebound(to: U.self, capacity: 1) { $0.pointee } }
}
