import Testing

@testable import CQRSSpec

@Suite("Number text and suggestions")
struct NumberAndSuggestionTests {
    @Test(
        "numbers are written in canonical decimal text",
        arguments: [
            ("010", "10"), ("-0", "0"), ("+7", "7"), ("0.010", "0.01"), ("2.5e3", "2500"), ("1e-3", "0.001"),
            ("-12.50", "-12.5"), (".5", "0.5"), ("5.", "5"),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
        ]
    )
    func canonicalText(input: String, expected: String) {
        #expect(DecimalNumber(input)?.canonicalText == expected)
    }

    @Test("non-numbers are rejected", arguments: ["", "-", "1e", "0x1F", "1_000", "abc", "1.2.3", ".inf", "1 2"])
    func notNumbers(input: String) {
        #expect(DecimalNumber(input) == nil)
    }

    @Test("numbers compare by value")
    func comparison() {
        func number(_ text: String) -> DecimalNumber { DecimalNumber(text)! }
        #expect(number("-2") < number("-1.5"))
        #expect(number("0.01") < number("0.1"))
        #expect(number("99") < number("100"))
        #expect(number("1e2") == number("100"))
        #expect(!(number("5") < number("5.0")))
    }

    @Test("suggestions find close names, ignoring case, and nothing for distant ones")
    func suggestions() {
        #expect(Suggestion.closest(to: "emit", in: ["emits", "fields"]) == "emits")
        #expect(Suggestion.closest(to: "tpye", in: ["type", "default"]) == "type")
        #expect(Suggestion.closest(to: "Emits", in: ["emits"]) == "emits")
        #expect(Suggestion.closest(to: "OrderShiped", in: ["OrderPlaced", "OrderShipped"]) == "OrderShipped")
        #expect(Suggestion.closest(to: "zzz", in: ["description", "creates"]) == nil)
    }
}
