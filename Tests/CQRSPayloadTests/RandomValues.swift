import CQRSPayload
import Foundation

/// A seeded generator (SplitMix64), so that a failing case can be run again.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A value with every kind of field the payload format knows, written by both encoders (it is `Codable`
/// and ``PayloadEncodable``, as generated types are).
struct Sample: Codable, Equatable, PayloadEncodable {
    enum Colour: String, Codable, CaseIterable, PayloadValue {
        case red, green, blue
    }

    struct Inner: Codable, Equatable, PayloadEncodable {
        var name: String
        var count: Int32
        var flags: [Bool]

        func encodePayload(to writer: inout PayloadWriter) throws {
            writer.beginObject()
            try writer.member("name", name)
            try writer.member("count", count)
            try writer.member("flags", flags)
            writer.endObject()
        }
    }

    var text: String
    var int: Int
    var int64: Int64
    var uint: UInt
    var int32: Int32
    var double: Double
    var float: Float
    var flag: Bool
    var note: String?
    var numbers: [Int]
    var tags: [String: Int]
    var inner: Inner
    var inners: [Inner]
    var maybeInner: Inner?
    var colour: Colour
    var id: UUID
    var at: Date
    var amount: Decimal
    var bytes: Data
    var link: URL

    func encodePayload(to writer: inout PayloadWriter) throws {
        writer.beginObject()
        try writer.member("text", text)
        try writer.member("int", int)
        try writer.member("int64", int64)
        try writer.member("uint", uint)
        try writer.member("int32", int32)
        try writer.member("double", double)
        try writer.member("float", float)
        try writer.member("flag", flag)
        try writer.member("note", ifPresent: note)
        try writer.member("numbers", numbers)
        try writer.member("tags", tags)
        try writer.member("inner", inner)
        try writer.member("inners", inners)
        try writer.member("maybeInner", ifPresent: maybeInner)
        try writer.member("colour", colour)
        try writer.member("id", id)
        try writer.member("at", at)
        try writer.member("amount", amount)
        try writer.member("bytes", bytes)
        try writer.member("link", link)
        writer.endObject()
    }

    /// The same value with `at` taken from `other` (for comparing where dates may differ by rounding).
    func withDate(of other: Sample) -> Sample {
        var copy = self
        copy.at = other.at
        return copy
    }
}

/// Random values of every kind ``Sample`` holds.
struct RandomValues {
    var generator: SeededGenerator

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    mutating func bool() -> Bool { Bool.random(using: &generator) }

    /// A scalar from one of several ranges: ASCII, the characters JSON escapes, Latin, CJK, emoji,
    /// combining marks.
    mutating func scalar() -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x00...0x1F, 0x22...0x22, 0x5C...0x5C, 0x2F...0x2F, 0x7F...0x7F, 0xA0...0x24F,
            0x4E00...0x9FFF, 0x1F600...0x1F64F, 0x300...0x36F, 0xFFF0...0xFFFD, 0x10000...0x10FFFF,
        ]
        while true {
            let range = ranges[int(0...(ranges.count - 1))]
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) { return scalar }
        }
    }

    mutating func string(maxLength: Int = 24) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<int(0...maxLength) { text.append(scalar()) }
        return String(text)
    }

    mutating func double() -> Double {
        switch int(0...4) {
        case 0: return Double(int(-1000...1000))
        case 1: return Double.random(in: -1...1, using: &generator)
        case 2: return Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64(int(1...2046)) << 52))
        case 3: return [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1e-300][int(0...5)]
        default: return Double.random(in: -1e12...1e12, using: &generator)
        }
    }

    mutating func float() -> Float {
        switch int(0...2) {
        case 0: return Float(int(-1000...1000)) / 8
        case 1:
            let bits =
                UInt32.random(in: 0...UInt32.max, using: &generator) & ~(0xFF << 23) | (UInt32(int(1...254)) << 23)
            return Float(bitPattern: bits)
        default: return Float.random(in: -1e6...1e6, using: &generator)
        }
    }

    mutating func decimal() -> Decimal {
        switch int(0...3) {
        case 0:
            // Up to 38 digits (what a Decimal's 128-bit mantissa holds), point anywhere.
            let digits = (0..<int(1...38)).map { _ in String(int(0...9)) }.joined()
            let point = int(0...digits.count)
            let text = (bool() ? "-" : "") + digits.prefix(point) + "." + digits.dropFirst(point) + "0"
            return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0
        case 1:
            return Decimal(
                sign: bool() ? .minus : .plus,
                exponent: int(-30...30),
                significand: Decimal(UInt64.random(in: 0...UInt64.max, using: &generator))
            )
        case 2: return Decimal(int(-1_000_000...1_000_000)) / 100
        default: return Decimal(int(Int.min...Int.max))
        }
    }

    mutating func date() -> Date {
        switch int(0...2) {
        case 0: return Date(timeIntervalSince1970: Double(int(-2_000_000_000...4_000_000_000)))
        case 1: return Date(timeIntervalSince1970: Double(int(0...2_000_000_000)) + Double(int(0...999)) / 1000)
        default: return Date(timeIntervalSinceReferenceDate: Double.random(in: -4e9...4e9, using: &generator))
        }
    }

    mutating func uuid() -> UUID {
        let high = generator.next()
        let low = generator.next()
        let bytes = withUnsafeBytes(of: (high, low)) { Array($0) }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    mutating func url() -> URL {
        let segment = String(
            (0..<int(0...12)).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789-_".randomElement(using: &generator)! })
        let hosts = ["https://example.com", "http://localhost:8080", "https://a.b.example.org", "file:///tmp"]
        return URL(string: "\(hosts[int(0...3)])/\(segment)?q=\(int(0...99))&r=%20x#f")!
    }

    mutating func inner() -> Sample.Inner {
        Sample.Inner(
            name: string(maxLength: 8),
            count: Int32.random(in: .min ... .max, using: &generator),
            flags: (0..<int(0...4)).map { _ in bool() }
        )
    }

    mutating func sample() -> Sample {
        Sample(
            text: string(),
            int: Int.random(in: .min ... .max, using: &generator),
            int64: bool() ? Int64(int(-9...9)) : Int64.random(in: .min ... .max, using: &generator),
            uint: UInt.random(in: .min ... .max, using: &generator),
            int32: Int32.random(in: .min ... .max, using: &generator),
            double: double(),
            float: float(),
            flag: bool(),
            note: bool() ? string(maxLength: 6) : nil,
            numbers: (0..<int(0...6)).map { _ in int(-1000...1000) },
            tags: Dictionary((0..<int(0...6)).map { _ in (string(maxLength: 5), int(-99...99)) }) { first, _ in first },
            inner: inner(),
            inners: (0..<int(0...3)).map { _ in inner() },
            maybeInner: bool() ? inner() : nil,
            colour: Sample.Colour.allCases[int(0...2)],
            id: uuid(),
            at: date(),
            amount: decimal(),
            bytes: Data((0..<int(0...20)).map { _ in UInt8(int(0...255)) }),
            link: url()
        )
    }
}
