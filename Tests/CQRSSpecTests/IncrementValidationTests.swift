import CQRSSpec
import Testing

@Suite("`increment` by a negated field and by literals of either sign")
struct IncrementValidationTests {
    /// A bank whose `Moved` entry (line 27) is `entry`.
    func moved(_ entry: String) -> String {
        """
        cqrs: 1
        domain: Bank
        aggregates:
          Account:
            id: String
            commands:
              Open: { creates: true, emits: [Opened] }
              Move: { emits: [Moved] }
            events:
              Opened: {}
              Moved:
                fields:
                  amount: Int
                  count: UInt
                  name: String
                  flag: Bool
                  at: Date
                  small: Int32
                  maybe: Int?
                  fee: Decimal
        projections:
          Balances:
            key: accountId
            fields: { accountId: String, balance: Int, items: UInt, fees: Decimal, seen: Int64 }
            on:
              Opened: { insert: { set: { balance: 0, items: 0, fees: 0, seen: 0 } } }
              Moved: \(entry)
        queries:
          GetBalance: { projection: Balances, by: accountId }

        """
    }

    func increment(_ text: String) -> String { moved("{ update: { increment: { \(text) } } }") }

    func increments(_ spec: Spec?) -> [FieldAssignment]? {
        switch spec?.projections.first?.handlers[1].action {
        case .update(_, _, let increment, _, _), .merge(_, _, let increment): increment
        default: nil
        }
    }

    @Test("a negated field of a signed number type decreases the field by it, in update and upsert")
    func negatedFields() {
        #expect(
            increments(expectValid(increment("balance: -amount, fees: -fee, seen: -$version")))
                == [
                    FieldAssignment(field: "balance", value: .negated(.eventField("amount"))),
                    FieldAssignment(field: "fees", value: .negated(.eventField("fee"))),
                    FieldAssignment(field: "seen", value: .negated(.version)),
                ])
        #expect(
            increments(
                expectValid(
                    moved("{ upsert: { set: { items: 0, fees: fee, seen: 0 }, increment: { balance: -amount } } }")))
                == [FieldAssignment(field: "balance", value: .negated(.eventField("amount")))])
    }

    @Test("a literal of either sign is added as it is")
    func literals() {
        #expect(
            increments(expectValid(increment("balance: -1, items: +2, fees: -0.5, seen: 2")))
                == [
                    FieldAssignment(field: "balance", value: .literal(.integer("-1"))),
                    FieldAssignment(field: "items", value: .literal(.integer("2"))),
                    FieldAssignment(field: "fees", value: .literal(.number("-0.5"))),
                    FieldAssignment(field: "seen", value: .literal(.integer("2"))),
                ])
        expectError(
            increment("items: -1"), at: 27, 46, "cannot increment 'items' ('UInt') by '-1': ",
            "'-1' is out of the range of 'UInt'")
    }

    @Test("only a signed number is negated, and it must fit the incremented field")
    func negationTypes() {
        for (field, type) in [
            ("count", "UInt"), ("name", "String"), ("flag", "Bool"), ("at", "Date"), ("maybe", "Int?"),
        ] {
            expectError(
                increment("balance: -\(field)"), at: 27, 48,
                "cannot increment 'balance' ('Int') by '-\(field)': the field '\(field)' of event 'Moved' is '\(type)', which cannot be negated",
                "only a signed number (Int, Int32, Int64, Double, Float or Decimal) can be negated")
        }
        expectError(
            increment("items: -count"),
            "cannot increment 'items' ('UInt') by '-count': the field 'count' of event 'Moved' is 'UInt', which cannot be negated"
        )
        expectError(
            increment("balance: -$streamId"),
            "cannot increment 'balance' ('Int') by '-$streamId': $streamId is 'String', which cannot be negated")
        expectError(
            increment("balance: -small"),
            "cannot increment 'balance' ('Int') by '-small': the field 'small' of event 'Moved' is 'Int32'")
        expectError(increment("balance: -$versoin"), "unknown '$versoin'", "did you mean '$version'?")
    }

    @Test("errors inside increment speak of incrementing")
    func messages() {
        expectError(
            increment("balance: name"), at: 27, 48,
            "cannot increment 'balance' ('Int') by the field 'name' of event 'Moved', which is 'String'")
        expectError(
            increment("balance: $recordedAt"), "cannot increment 'balance' ('Int') by $recordedAt, which is 'Date'")
        expectError(
            increment("balance: -amout"),
            "cannot increment 'balance' ('Int') by '-amout': it is not a field of event 'Moved' (did you mean '-amount'?) nor a value of type 'Int'"
        )
        expectError(
            increment("balance: amount, seen: owner"),
            "cannot increment 'seen' ('Int64') by 'owner': it is neither a field of event 'Moved' nor a value of type 'Int64'"
        )
        expectError(
            increment("balance: 1.5"), "cannot increment 'balance' ('Int') by '1.5': '1.5' is not a whole number")
        expectError(
            moved("{ update: { set: { balance: -amount } } }"),
            "cannot set 'balance' ('Int') to '-amount': only an 'increment' negates a value")
    }
}
