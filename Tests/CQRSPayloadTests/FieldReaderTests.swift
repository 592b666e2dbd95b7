import CQRSPayload
import Foundation
import Testing

@Suite("Reading a generated type's fields")
struct FieldReaderTests {
    /// A type that reads its fields as generated code does: one of each type with a reader of its own, one
    /// read through the generic path (`ratio`), an optional.
    struct Probe: Decodable, Equatable {
        var name: String
        var at: Date
        var amount: Decimal
        var id: UUID
        var count: Int
        var flag: Bool
        var tags: [String]
        var ratio: Double
        var note: String?

        init(from decoder: any Decoder) throws {
            let fields = try FieldReader(decoder)
            name = try fields.value("name")
            at = try fields.value("at")
            amount = try fields.value("amount")
            id = try fields.value("id")
            count = try fields.value("count")
            flag = try fields.value("flag")
            tags = try fields.value("tags")
            ratio = try fields.value("ratio")
            note = try fields.valueIfPresent("note")
        }
    }

    static let members: [(name: String, json: String, wrong: String)] = [
        ("name", #""ada""#, "1"),
        ("at", "1714564800.25", #""soon""#),
        ("amount", "12.5", "true"),
        ("id", #""E621E1F8-C36C-495A-93FC-0C247A3E6E5F""#, "7"),
        ("count", "3", #""three""#),
        ("flag", "true", "0"),
        ("tags", #"["a","b"]"#, #""a""#),
        ("ratio", "0.5", "[]"),
    ]

    static func json(replacing replaced: String? = nil, with value: String? = nil, note: String? = nil) -> Data {
        var parts: [String] = []
        for member in members where member.name != replaced || value != nil {
            parts.append("\"\(member.name)\":\(member.name == replaced ? value! : member.json)")
        }
        if let note { parts.append("\"note\":\(note)") }
        return Data("{\(parts.joined(separator: ","))}".utf8)
    }

    @Test func aStoredPayloadAndJSONDecoderReadTheSameFields() throws {
        let stored = try EventPayload.decode(Probe.self, from: Self.json(note: #""hi""#))
        #expect(stored.name == "ada")
        #expect(stored.at == Date(timeIntervalSince1970: 1_714_564_800.25))
        #expect(stored.amount == Decimal(string: "12.5"))
        #expect(stored.id == UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(stored.count == 3 && stored.flag && stored.tags == ["a", "b"] && stored.ratio == 0.5)
        #expect(stored.note == "hi")

        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let keyed = try decoder.decode(Probe.self, from: Self.json(note: #""hi""#))
        #expect(keyed == stored)
    }

    @Test func anOptionalThatIsNullOrMissingIsNil() throws {
        #expect(try EventPayload.decode(Probe.self, from: Self.json(note: "null")).note == nil)
        #expect(try EventPayload.decode(Probe.self, from: Self.json()).note == nil)
    }

    @Test(arguments: members.map(\.name))
    func aFieldOfTheWrongTypeIsAMismatchAtItsName(_ name: String) throws {
        let wrong = Self.members.first { $0.name == name }!.wrong
        do {
            _ = try EventPayload.decode(Probe.self, from: Self.json(replacing: name, with: wrong))
            Issue.record("\(name) = \(wrong) decoded")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == [name])
        }
    }

    @Test(arguments: members.map(\.name))
    func aMissingFieldIsNotFoundByItsName(_ name: String) throws {
        do {
            _ = try EventPayload.decode(Probe.self, from: Self.json(replacing: name))
            Issue.record("decoded without \(name)")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == name)
            #expect(context.codingPath.isEmpty)
        }
    }
}
