import CQRS
import Foundation
import Testing

/// Reaction command ids are stored (as command ids in the idempotency records): a change to how they are
/// derived would make every redelivery after an upgrade a new command. These tests pin the derivation.
@Suite struct ReactionCommandIDTests {
    /// The derivation as first written: FNV-1a over the texts, each followed by a separator byte.
    private func reference(reaction: String, event: UUID, index: Int, compensating: Int?) -> UUID {
        func combine(_ value: inout UInt64, _ text: String) {
            for byte in Array(text.utf8) + [0xFF] {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
        }
        let path = compensating.map { "\($0).rejected.\(index)" } ?? "\(index)"
        var low: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        combine(&high, "cqrs.reaction-command")
        for text in [reaction, event.uuidString, path] {
            combine(&low, text)
            combine(&high, text)
        }
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> (8 * UInt64(7 - $0))) }
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: low >> (8 * UInt64(7 - $0))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    @Test(arguments: [0, 1, 9, 10, 12_345, 999_999_999, 1_000_000_000, -1])
    func idsAreDerivedAsTheyAlwaysWere(index: Int) {
        for reaction in ["DebitPayer", "", "Réaction ünicode"] {
            let event = UUID()
            #expect(
                ReactionCommandID.make(reaction: reaction, event: event, index: index)
                    == reference(reaction: reaction, event: event, index: index, compensating: nil))
            #expect(
                ReactionCommandID.make(reaction: reaction, event: event, index: index, compensating: 3)
                    == reference(reaction: reaction, event: event, index: index, compensating: 3))
        }
    }

    @Test func aKnownIdStaysTheSame() throws {
        let event = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        let id = ReactionCommandID.make(reaction: "DebitPayer", event: event, index: 0)
        // Computed independently of Swift (FNV-1a 64 over the same texts, in Python).
        #expect(id.uuidString == "54EA6F48-C903-8F54-B17D-56354C3B3F25")
        #expect(id == reference(reaction: "DebitPayer", event: event, index: 0, compensating: nil))
    }
}
