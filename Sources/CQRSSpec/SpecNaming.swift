/// The naming rules a spec follows and the names generated code reserves, shared by the validator
/// and the code generator so that both agree on them.
public enum SpecNaming {
    /// Whether `name` is an UpperCamelCase Swift identifier: an ASCII capital, then ASCII letters
    /// and digits (`PlaceOrder`, `UUIDMapping`).
    public static func isUpperCamelCase(_ name: String) -> Bool {
        isCamelCase(name, upper: true)
    }

    /// Whether `name` is a lowerCamelCase Swift identifier: an ASCII lower-case letter, then ASCII
    /// letters and digits (`totalUSD`, `default`).
    public static func isLowerCamelCase(_ name: String) -> Bool {
        isCamelCase(name, upper: false)
    }

    private static func isCamelCase(_ name: String, upper: Bool) -> Bool {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next() else { return false }
        let firstOK =
            upper
            ? first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")
            : first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
        guard firstOK else { return false }
        while let byte = utf8.next() {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            guard isLetter || (byte >= 0x30 && byte <= 0x39) else { return false }
        }
        return true
    }

    /// The lowerCamelCase form of an UpperCamelCase name, lowering a leading acronym as Swift's API
    /// guidelines do: `Order` → `order`, `URLMapping` → `urlMapping`, `ID` → `id`.
    public static func lowerCamelCase(_ name: String) -> String {
        var bytes = Array(name.utf8)
        var upperRun = 0
        while upperRun < bytes.count, bytes[upperRun] >= UInt8(ascii: "A"), bytes[upperRun] <= UInt8(ascii: "Z") {
            upperRun += 1
        }
        // In `URLMapping` the run `URLM` ends with the first letter of the next word, which stays upper.
        let lowered = upperRun > 1 && upperRun < bytes.count ? upperRun - 1 : upperRun
        for index in 0..<lowered {
            bytes[index] += 0x20
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UpperCamelCase form of a lowerCamelCase name: its first letter capitalized.
    public static func upperCamelCase(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.uppercased() + name.dropFirst()
    }

    /// The stored property every command of `aggregate` has for its stream identifier:
    /// `Order` → `orderId`.
    public static func streamIdentifierProperty(ofAggregate aggregate: String) -> String {
        lowerCamelCase(aggregate) + "Id"
    }

    /// Types generated inside each aggregate's namespace `<Domain>.<Aggregate>`; no command or
    /// event may take these names.
    public static let aggregateMemberTypeNames: [String] = ["State", "Event", "Handler", "ID", "Definition"]

    /// Every type name generated code declares inside the domain's namespace (in aggregates,
    /// commands, projections and queries). Generated code names the domain from inside these
    /// types, so the domain may not take any of these names: it would be shadowed by them. (No
    /// generated type has a `CodingKeys` any more: each lists its fields in `encodeFields(to:)` and
    /// `init(from:)`, so that name is free.)
    public static let nestedGeneratedTypeNames: [String] =
        aggregateMemberTypeNames + ["Aggregate", "Emits", "Projection", "Column"]

    /// Names generated at the domain level (`<Domain>.Application`) or naming modules the generated
    /// code imports and names its types by (`Swift.String`, `Foundation.Date`, `CQRS.Engine`); no
    /// declaration may take them.
    public static let domainReservedNames: [String] = [
        "Application", "CQRS", "CQRSHummingbird", "Foundation", "HTTP", "Hummingbird", "Swift",
    ]

    /// Swift keywords that look like type names; no declaration can be named by them.
    public static let keywordTypeNames: [String] = ["Any", "Self", "Type", "Protocol"]

    /// Field names that clash with members every generated type has.
    public static let reservedFieldNames: [String] = ["hashValue", "self", "Type"]

    /// Members of every generated command that its fields must not shadow, with what they are.
    public static let commandMemberNames: [String: String] = [
        "validate": "the method 'validate()'",
        "aggregateID": "the property 'aggregateID' (what 'CQRS.AggregateCommand' requires)",
    ]

    /// Members of every generated enum type that its cases must not shadow, with what they are.
    public static let enumMemberNames: [String: String] = [
        "self": "the member 'self' every type has",
        "allCases": "the property 'allCases' of 'CaseIterable'",
        "columnType": "the property 'columnType' of 'CQRS.ColumnConvertible'",
    ]

    /// Members of every generated tagged union that its cases must not shadow, with what they are.
    public static let unionMemberNames: [String: String] = [
        "encodeFields": "the method 'encodeFields(to:)' of 'CQRS.FieldEncodable'",
        "columnValue": "the property 'columnValue' of 'CQRS.ColumnConvertible'",
    ]

    /// Members of every generated struct type (a `ColumnConvertible`) that its fields must not shadow.
    public static let structMemberNames: [String: String] = ["columnValue": "the property 'columnValue'"]

    /// Members of every generated projection row type (a `ReadModelRow`) that its fields must not shadow.
    public static let rowMemberNames: [String: String] = [
        "key": "the property 'key'", "columns": "the property 'columns'",
    ]
}
