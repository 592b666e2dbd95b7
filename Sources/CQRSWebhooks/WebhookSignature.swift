import Crypto
import Foundation

/// The `CQRS-Signature` header: how a ``WebhookPublisher`` signs a request and how a receiver checks it.
///
/// The signature is `v1=` followed by the lowercase hexadecimal HMAC-SHA256, keyed with the shared
/// secret, of the `CQRS-Timestamp` header's text, a full stop, and the request body's bytes exactly as
/// received: `HMAC-SHA256(secret, "<timestamp>.<body>")`. A receiver recomputes it, compares it in constant
/// time, and turns down a timestamp too far from its clock, so that a captured request cannot be replayed
/// later.
///
/// ```swift
/// func isAuthentic(body: [UInt8], timestamp: String, signature: String) -> Bool {
///     (try? WebhookSignature.verify(
///         body: body, timestamp: timestamp, signature: signature,
///         secret: Array("whsec_change_me".utf8), tolerance: .seconds(300))) != nil
/// }
/// ```
public enum WebhookSignature {
    /// The scheme of the signatures this version writes: `v1` (HMAC-SHA256 over `"<timestamp>.<body>"`).
    public static let scheme = "v1"

    /// The `CQRS-Signature` header's value for a body sent at `timestamp`: `v1=<hex HMAC-SHA256>`.
    ///
    /// - Parameters:
    ///   - body: The request body, byte for byte.
    ///   - timestamp: The `CQRS-Timestamp` header's value: seconds since 1970 (UTC).
    ///   - secret: The shared secret's bytes (a `SymmetricKey`, `[UInt8]`, `Data`).
    public static func sign(body: some DataProtocol, timestamp: Int64, secret: some ContiguousBytes) -> String {
        "\(scheme)=\(hex(code(body: body, timestamp: "\(timestamp)", key: SymmetricKey(data: secret))))"
    }

    /// Checks a request's signature and timestamp; returns when both are good.
    ///
    /// The signature header may carry several space- or comma-separated signatures (a sender in the middle
    /// of a key rotation); one valid `v1` signature is enough. Signatures are compared in constant time.
    ///
    /// - Parameters:
    ///   - body: The request body exactly as received (before any JSON decoding).
    ///   - timestamp: The `CQRS-Timestamp` header.
    ///   - signature: The `CQRS-Signature` header.
    ///   - secret: The shared secret's bytes.
    ///   - tolerance: How far the timestamp may be from `now`, either way (by default five minutes).
    ///   - now: The receiver's clock.
    /// - Throws: ``WebhookSignatureError``: the timestamp is not a number of seconds, no `v1` signature is
    ///   there, none matches, or the timestamp is outside the tolerance.
    public static func verify(
        body: some DataProtocol,
        timestamp: String,
        signature: String,
        secret: some ContiguousBytes,
        tolerance: Duration = .seconds(300),
        now: Date = Date()
    ) throws(WebhookSignatureError) {
        let timestamp = timestamp.trimmingCharacters(in: .whitespaces)
        guard !timestamp.isEmpty, timestamp.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let seconds = Int64(timestamp)
        else { throw .malformedTimestamp(timestamp) }
        let prefix = "\(scheme)="
        let candidates = signature.split(whereSeparator: { $0 == " " || $0 == "," })
            .filter { $0.hasPrefix(prefix) }
            .compactMap { bytes(fromHex: $0.dropFirst(prefix.count)) }
        guard !candidates.isEmpty else { throw .missingSignature }
        let key = SymmetricKey(data: secret)
        let expected = code(body: body, timestamp: timestamp, key: key)
        let matches = candidates.reduce(false) { found, candidate in
            // Every candidate is compared (in constant time), whichever matches.
            constantTimeEqual(candidate, expected) || found
        }
        guard matches else { throw .mismatch }
        let (whole, fraction) = tolerance.components
        let allowed = Double(whole) + Double(fraction) / 1e18
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= allowed else {
            throw .timestampOutsideTolerance(seconds)
        }
    }

    /// HMAC-SHA256 over `"<timestamp>.<body>"`.
    private static func code(body: some DataProtocol, timestamp: String, key: SymmetricKey) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: body)
        return Array(hmac.finalize())
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of a hexadecimal text (either case); `nil` when it is not one.
    private static func bytes(fromHex text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2), !utf8.isEmpty else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    /// Whether two byte strings are equal, in a time that depends only on their lengths.
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

/// Why ``WebhookSignature/verify(body:timestamp:signature:secret:tolerance:now:)`` turned a request down.
public enum WebhookSignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `CQRS-Timestamp` header is not a whole number of seconds.
    case malformedTimestamp(String)
    /// The `CQRS-Signature` header holds no `v1=<hex>` signature.
    case missingSignature
    /// No signature matches the body, the timestamp and the secret: the body was altered, or the secret is
    /// not the sender's.
    case mismatch
    /// The signature is good but the timestamp (seconds since 1970) is too far from the receiver's clock: a
    /// replay, or a clock out of step.
    case timestampOutsideTolerance(Int64)

    /// The reason in a sentence.
    public var description: String {
        switch self {
        case .malformedTimestamp(let text): "the webhook timestamp '\(text)' is not a number of seconds"
        case .missingSignature: "the webhook signature header holds no v1 signature"
        case .mismatch: "the webhook signature does not match the body"
        case .timestampOutsideTolerance(let seconds): "the webhook timestamp \(seconds) is outside the tolerance"
        }
    }
}
