import CQRSWebhooks
import Foundation
import Testing

@Suite("WebhookSignature")
struct WebhookSignatureTests {
    let body = Array(#"{"id":"4a0e","data":{"n":1}}"#.utf8)
    let timestamp: Int64 = 1_750_000_000
    var now: Date { Date(timeIntervalSince1970: TimeInterval(timestamp)) }

    @Test("sign writes v1= and 64 lowercase hex digits: HMAC-SHA256 over \"<timestamp>.<body>\"")
    func signFormat() {
        let signature = WebhookSignature.sign(body: body, timestamp: timestamp, secret: testSecret)
        #expect(signature.hasPrefix("v1="))
        let hex = signature.dropFirst(3)
        #expect(hex.count == 64)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
        // The same as Python's hmac.new(secret, b"1750000000." + body, hashlib.sha256).hexdigest().
        #expect(signature == "v1=05271b1b2d22fc9a3cb6e8f90a2755381eabf1a637489acdcaaf1d8cc860c16b")
    }

    @Test("verify accepts its own signature, in either case, among several")
    func verifyAccepts() throws {
        let signature = WebhookSignature.sign(body: body, timestamp: timestamp, secret: testSecret)
        try WebhookSignature.verify(
            body: body, timestamp: "\(timestamp)", signature: signature, secret: testSecret, now: now)
        try WebhookSignature.verify(
            body: body, timestamp: "\(timestamp)", signature: "v1=" + signature.dropFirst(3).uppercased(),
            secret: testSecret, now: now)
        let old = WebhookSignature.sign(body: body, timestamp: timestamp, secret: Array("old secret".utf8))
        try WebhookSignature.verify(
            body: body, timestamp: "\(timestamp)", signature: "\(old) \(signature)", secret: testSecret, now: now)
    }

    @Test("verify refuses a changed body, a wrong secret, another timestamp, and an old one")
    func verifyRefuses() {
        let signature = WebhookSignature.sign(body: body, timestamp: timestamp, secret: testSecret)
        #expect(throws: WebhookSignatureError.mismatch) {
            try WebhookSignature.verify(
                body: body + Array(" ".utf8), timestamp: "\(timestamp)", signature: signature, secret: testSecret,
                now: now)
        }
        #expect(throws: WebhookSignatureError.mismatch) {
            try WebhookSignature.verify(
                body: body, timestamp: "\(timestamp)", signature: signature, secret: Array("wrong".utf8), now: now)
        }
        #expect(throws: WebhookSignatureError.mismatch) {
            try WebhookSignature.verify(
                body: body, timestamp: "\(timestamp + 1)", signature: signature, secret: testSecret, now: now)
        }
        #expect(throws: WebhookSignatureError.timestampOutsideTolerance(timestamp)) {
            try WebhookSignature.verify(
                body: body, timestamp: "\(timestamp)", signature: signature, secret: testSecret,
                tolerance: .seconds(300), now: now.addingTimeInterval(301))
        }
        #expect(throws: WebhookSignatureError.timestampOutsideTolerance(timestamp)) {
            try WebhookSignature.verify(
                body: body, timestamp: "\(timestamp)", signature: signature, secret: testSecret,
                tolerance: .seconds(60), now: now.addingTimeInterval(-61))
        }
    }

    @Test("verify refuses a malformed timestamp or signature header")
    func verifyMalformed() {
        let signature = WebhookSignature.sign(body: body, timestamp: timestamp, secret: testSecret)
        for text in ["", "-1", "12a", "1.5"] {
            #expect(throws: WebhookSignatureError.malformedTimestamp(text)) {
                try WebhookSignature.verify(body: body, timestamp: text, signature: signature, secret: testSecret)
            }
        }
        for header in ["", "v0=abcd", String(signature.dropFirst(3)), "v1=xyz", "v1=abc"] {
            #expect(throws: WebhookSignatureError.missingSignature) {
                try WebhookSignature.verify(
                    body: body, timestamp: "\(timestamp)", signature: header, secret: testSecret, now: now)
            }
        }
    }
}
