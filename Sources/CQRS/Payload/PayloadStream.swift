import Foundation
import Synchronization

/// JSON bytes written as `Encodable` values describe themselves, without building a tree.
///
/// Containers are closed lazily: writing into a container first closes every container opened inside it.
/// That fits how `Codable` is used (strictly nested); any other use (writing into a closed container,
/// interleaving siblings, `superEncoder`) marks the stream `misused`, and ``EventPayload`` encodes the value
/// again with the tree-building ``PayloadEncoder``, which allows everything.
/// Unchecked `Sendable`: a stream is used by one encode at a time; the pool hands it from one to the next.
final class PayloadStream: @unchecked Sendable {
    private struct Open {
        var id: Int32
        var isObject: Bool
        var count: Int32
        /// For a dictionary's object: where each member starts, so that closing can sort them.
        var memberStarts: [Int]?
    }

    /// The mutable state, behind a pointer: stored properties of a class are checked for exclusive access
    /// at run time on every write, which costs more than the writes themselves here.
    private struct Storage {
        var bytes: [UInt8] = []
        var open: [Open] = []
        var nextID: Int32 = 0
        var misused = false
        var probing = false
        var probedKeyType: ObjectIdentifier?
    }

    private let state: UnsafeMutablePointer<Storage>

    /// The JSON written so far.
    var bytes: [UInt8] { state.pointee.bytes }

    /// The JSON written so far, as `Data`.
    var data: Data { state.pointee.bytes.withUnsafeBytes { Data($0) } }

    /// Streams ready for reuse (their buffers keep their capacity).
    private static let pool = Mutex<[PayloadStream]>([])

    /// A stream from the pool, or a new one.
    static func take() -> PayloadStream {
        pool.withLock { $0.popLast() } ?? PayloadStream()
    }

    /// Returns a stream to the pool, emptied.
    static func give(_ stream: PayloadStream) {
        guard stream.state.pointee.bytes.capacity <= 64 * 1024 else { return }
        stream.state.pointee.bytes.removeAll(keepingCapacity: true)
        stream.state.pointee.open.removeAll(keepingCapacity: true)
        stream.state.pointee.misused = false
        pool.withLock { pool in
            if pool.count < 16 { pool.append(stream) }
        }
    }

    /// Set when the value used the encoder in a way streaming cannot follow.
    var misused: Bool {
        get { state.pointee.misused }
        set { state.pointee.misused = newValue }
    }

    /// The coding key type the standard library's `Dictionary` encodes `String` and `Int` keys with: objects
    /// keyed by it get their members sorted, so that a dictionary always gives the same bytes.
    static let dictionaryKeyType: ObjectIdentifier? = {
        let stream = PayloadStream()
        stream.state.pointee.probing = true
        try? stream.write(["key": 0] as [String: Int], depth: 0, parent: nil, key: nil)
        return stream.state.pointee.probedKeyType
    }()

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: Storage())
        state.pointee.bytes.reserveCapacity(192)
        state.pointee.open.reserveCapacity(8)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var openCount: Int { state.pointee.open.count }

    func isOpen(_ id: Int32, depth: Int) -> Bool {
        depth >= 1 && state.pointee.open.count >= depth && state.pointee.open[depth - 1].id == id
    }

    /// Opens an object or array at the current position; its depth is the new `openCount`.
    func push(object: Bool, sorted: Bool = false) -> Int32 {
        state.pointee.bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        state.pointee.nextID += 1
        state.pointee.open.append(
            Open(id: state.pointee.nextID, isObject: object, count: 0, memberStarts: sorted ? [] : nil))
        return state.pointee.nextID
    }

    /// Opens the object of a keyed container whose keys are of type `Key`.
    func pushObject<Key: CodingKey>(keyedBy type: Key.Type) -> Int32 {
        if state.pointee.probing {
            state.pointee.probedKeyType = ObjectIdentifier(Key.self)
            return push(object: true)
        }
        return push(object: true, sorted: ObjectIdentifier(Key.self) == Self.dictionaryKeyType)
    }

    /// Prepares the next member or element of container `id` (at `depth`): closes what was opened inside
    /// it and writes the separator. `false` (and `misused`) when the container is no longer open.
    @inline(__always)
    func enter(_ id: Int32, depth: Int) -> Bool {
        while state.pointee.open.count > depth { close() }
        guard depth >= 1, state.pointee.open.count == depth, state.pointee.open[depth - 1].id == id,
            !state.pointee.misused
        else {
            state.pointee.misused = true
            return false
        }
        if state.pointee.open[depth - 1].count > 0 { state.pointee.bytes.append(UInt8(ascii: ",")) }
        state.pointee.open[depth - 1].count += 1
        state.pointee.open[depth - 1].memberStarts?.append(state.pointee.bytes.count)
        return true
    }

    private func close() {
        let container = state.pointee.open.removeLast()
        if let starts = container.memberStarts, starts.count > 1 { sortMembers(from: starts) }
        state.pointee.bytes.append(container.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    /// Reorders the members written from `starts[0]` to the end by their bytes (that is, by name).
    private func sortMembers(from starts: [Int]) {
        var members: [ArraySlice<UInt8>] = []
        members.reserveCapacity(starts.count)
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] - 1 : state.pointee.bytes.count
            members.append(state.pointee.bytes[start..<end])
        }
        members.sort { $0.lexicographicallyPrecedes($1) }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(state.pointee.bytes.count - starts[0])
        for (index, member) in members.enumerated() {
            if index > 0 { sorted.append(UInt8(ascii: ",")) }
            sorted.append(contentsOf: member)
        }
        state.pointee.bytes.replaceSubrange(starts[0]..., with: sorted)
    }

    /// Closes every open container.
    func finish() {
        while !state.pointee.open.isEmpty { close() }
    }

    // MARK: Scalars

    func writeNull() { state.pointee.bytes.append(contentsOf: "null".utf8) }

    func writeBool(_ value: Bool) { state.pointee.bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }

    func writeInteger<T: BinaryInteger>(_ value: T) {
        if value >= 0, value < 10 {
            state.pointee.bytes.append(UInt8(value) + 0x30)
            return
        }
        var magnitude = value.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { digits in
            var start = digits.count
            while magnitude > 0 {
                start -= 1
                digits[start] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
            }
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            state.pointee.bytes.append(contentsOf: digits[start...])
        }
    }

    func writeDouble(_ value: Double, _ path: @autoclosure () -> [any CodingKey]) throws {
        guard value.isFinite else { throw Self.nonFinite(value, path()) }
        state.pointee.bytes.append(contentsOf: value.description.utf8)
    }

    func writeFloat(_ value: Float, _ path: @autoclosure () -> [any CodingKey]) throws {
        guard value.isFinite else { throw Self.nonFinite(value, path()) }
        state.pointee.bytes.append(contentsOf: value.description.utf8)
    }

    static func nonFinite(_ value: Any, _ path: [any CodingKey]) -> EncodingError {
        PayloadScalars.nonFinite(value, path)
    }

    func writeDecimal(_ value: Decimal, _ path: @autoclosure () -> [any CodingKey]) throws {
        guard DecimalText.append(value, to: &state.pointee.bytes) else { throw Self.nonFinite(value, path()) }
    }

    func writeDate(_ value: Date, _ path: @autoclosure () -> [any CodingKey]) throws {
        guard PayloadScalars.appendDate(value, to: &state.pointee.bytes) else { throw Self.nonFinite(value, path()) }
    }

    func writeUUID(_ value: UUID) {
        state.pointee.bytes.append(UInt8(ascii: "\""))
        PayloadScalars.appendUUID(value, to: &state.pointee.bytes)
        state.pointee.bytes.append(UInt8(ascii: "\""))
    }

    func writeString(_ text: String) {
        PayloadScalars.appendString(text, to: &state.pointee.bytes)
    }

    /// Writes a member name and the colon.
    @inline(__always)
    func writeKey(_ key: String) {
        PayloadScalars.appendString(key, to: &state.pointee.bytes)
        state.pointee.bytes.append(UInt8(ascii: ":"))
    }

    func writeJSON(_ value: EncodedValue) throws {
        var writer = EncodedValueWriter(capacity: 0)
        try writer.write(value)
        state.pointee.bytes.append(contentsOf: writer.bytes)
    }

    // MARK: Values

    /// Writes any value at the current position: the payload format's special types directly, the rest
    /// through its `encode(to:)`.
    func write<T: Encodable>(_ value: T, depth: Int, parent: StreamingEncoder?, key: (any CodingKey)?) throws {
        // `T.self == X.self` compares metadata pointers; `cast` reinterprets the value once they match
        // (a dynamic cast would cost far more).
        if T.self == String.self { return writeString(cast(value)) }
        if T.self == Date.self { return try writeDate(cast(value), path(parent, key)) }
        if T.self == Decimal.self { return try writeDecimal(cast(value), path(parent, key)) }
        if T.self == UUID.self { return writeUUID(cast(value)) }
        if T.self == Int.self { return writeInteger(cast(value) as Int) }
        if T.self == Bool.self { return writeBool(cast(value)) }
        if T.self == Double.self { return try writeDouble(cast(value), path(parent, key)) }
        if T.self == Int64.self { return writeInteger(cast(value) as Int64) }
        if ObjectIdentifier(T.self) == Self.stringArray {
            let strings: [String] = cast(value)
            state.pointee.bytes.append(UInt8(ascii: "["))
            for (index, string) in strings.enumerated() {
                if index > 0 { state.pointee.bytes.append(UInt8(ascii: ",")) }
                writeString(string)
            }
            state.pointee.bytes.append(UInt8(ascii: "]"))
            return
        }
        if T.self == Data.self { return writeString((cast(value) as Data).base64EncodedString()) }
        if T.self == URL.self { return writeString((cast(value) as URL).absoluteString) }
        if T.self == JSONValue.self { return try writeJSON((cast(value) as JSONValue).encodedValue) }
        let encoder = StreamingEncoder(stream: self, depth: depth, parent: parent, key: key)
        try value.encode(to: encoder)
        if !encoder.wrote { state.pointee.bytes.append(contentsOf: "{}".utf8) }
    }

    private static let stringArray = ObjectIdentifier([String].self)

    private func path(_ parent: StreamingEncoder?, _ key: (any CodingKey)?) -> [any CodingKey] {
        (parent?.codingPath ?? []) + (key.map { [$0] } ?? [])
    }
}

/// Reinterprets a generic value whose type has been checked to be `U`.
@inline(__always)
func cast<T, U>(_ value: T) -> U {
    withUnsafePointer(to: value) { $0.withMemoryRebound(to: U.self, capacity: 1) { $0.pointee } }
}

/// The `Encoder` over a ``PayloadStream``: one per composite value.
final class StreamingEncoder: Encoder {
    let stream: PayloadStream
    /// How many containers were open when this value began.
    let depth: Int
    private let parent: StreamingEncoder?
    private let key: (any CodingKey)?
    /// Whether this value has written anything (a container or a single value).
    var wrote = false
    private var container: (id: Int32, isObject: Bool)?

    init(stream: PayloadStream, depth: Int, parent: StreamingEncoder?, key: (any CodingKey)?) {
        self.stream = stream
        self.depth = depth
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        (parent?.codingPath ?? []) + (key.map { [$0] } ?? [])
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The id of this value's container, opening it on first use.
    private func containerID(object: Bool, open: () -> Int32) -> Int32 {
        if let container, container.isObject == object, stream.isOpen(container.id, depth: depth + 1) {
            return container.id
        }
        guard !wrote, stream.openCount == depth else {
            stream.misused = true
            return -1
        }
        wrote = true
        let id = open()
        container = (id, object)
        return id
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let id = containerID(object: true) { self.stream.pushObject(keyedBy: Key.self) }
        return KeyedEncodingContainer(StreamingKeyedContainer<Key>(encoder: self, id: id, depth: depth + 1))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = containerID(object: false) { self.stream.push(object: false) }
        return StreamingUnkeyedContainer(encoder: self, id: id, depth: depth + 1)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamingSingleValueContainer(encoder: self)
    }

    /// Starts this value's single value; `false` (and `misused`) when it already has one.
    func beginSingleValue() -> Bool {
        guard !wrote, stream.openCount == depth, !stream.misused else {
            stream.misused = true
            return false
        }
        wrote = true
        return true
    }

    func writeSingle<T: Encodable>(_ value: T) throws {
        try stream.write(value, depth: depth, parent: parent, key: key)
    }
}

private struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamingEncoder
    let id: Int32
    let depth: Int
    var stream: PayloadStream { encoder.stream }
    var codingPath: [any CodingKey] { encoder.codingPath }

    @inline(__always)
    private func begin(_ key: Key) -> Bool {
        guard stream.enter(id, depth: depth) else { return false }
        stream.writeKey(key.stringValue)
        return true
    }

    mutating func encodeNil(forKey key: Key) throws { if begin(key) { stream.writeNull() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { if begin(key) { stream.writeBool(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { if begin(key) { stream.writeString(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        if begin(key) { try stream.writeDouble(value, codingPath + [key]) }
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        if begin(key) { try stream.writeFloat(value, codingPath + [key]) }
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { if begin(key) { stream.writeInteger(value) } }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if begin(key) { try stream.write(value, depth: depth, parent: encoder, key: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let id = begin(key) ? stream.pushObject(keyedBy: NestedKey.self) : -1
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(encoder: encoder, id: id, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let id = begin(key) ? stream.push(object: false) : -1
        return StreamingUnkeyedContainer(encoder: encoder, id: id, depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder {
        stream.misused = true
        return StreamingEncoder(stream: stream, depth: depth, parent: encoder, key: nil)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        stream.misused = true
        return StreamingEncoder(stream: stream, depth: depth, parent: encoder, key: key)
    }
}

private struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: StreamingEncoder
    let id: Int32
    let depth: Int
    private(set) var count = 0
    var stream: PayloadStream { encoder.stream }
    var codingPath: [any CodingKey] { encoder.codingPath }

    init(encoder: StreamingEncoder, id: Int32, depth: Int) {
        self.encoder = encoder
        self.id = id
        self.depth = depth
    }

    @inline(__always)
    private mutating func begin() -> Bool {
        guard stream.enter(id, depth: depth) else { return false }
        count += 1
        return true
    }

    private var elementPath: [any CodingKey] { codingPath + [IndexCodingKey(count - 1)] }

    mutating func encodeNil() throws { if begin() { stream.writeNull() } }
    mutating func encode(_ value: Bool) throws { if begin() { stream.writeBool(value) } }
    mutating func encode(_ value: String) throws { if begin() { stream.writeString(value) } }
    mutating func encode(_ value: Double) throws { if begin() { try stream.writeDouble(value, elementPath) } }
    mutating func encode(_ value: Float) throws { if begin() { try stream.writeFloat(value, elementPath) } }
    mutating func encode(_ value: Int) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int8) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int16) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int32) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int64) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt8) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt16) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt32) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt64) throws { if begin() { stream.writeInteger(value) } }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if begin() { try stream.write(value, depth: depth, parent: encoder, key: IndexCodingKey(count - 1)) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let id = begin() ? stream.pushObject(keyedBy: NestedKey.self) : -1
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(encoder: encoder, id: id, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = begin() ? stream.push(object: false) : -1
        return StreamingUnkeyedContainer(encoder: encoder, id: id, depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder {
        stream.misused = true
        return StreamingEncoder(stream: stream, depth: depth, parent: encoder, key: nil)
    }
}

private struct StreamingSingleValueContainer: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var stream: PayloadStream { encoder.stream }
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { if encoder.beginSingleValue() { stream.writeNull() } }
    mutating func encode(_ value: Bool) throws { if encoder.beginSingleValue() { stream.writeBool(value) } }
    mutating func encode(_ value: String) throws { if encoder.beginSingleValue() { stream.writeString(value) } }
    mutating func encode(_ value: Double) throws {
        if encoder.beginSingleValue() { try stream.writeDouble(value, codingPath) }
    }
    mutating func encode(_ value: Float) throws {
        if encoder.beginSingleValue() { try stream.writeFloat(value, codingPath) }
    }
    mutating func encode(_ value: Int) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int8) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int16) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int32) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: Int64) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt8) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt16) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt32) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode(_ value: UInt64) throws { if encoder.beginSingleValue() { stream.writeInteger(value) } }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if encoder.beginSingleValue() { try encoder.writeSingle(value) }
    }
}
