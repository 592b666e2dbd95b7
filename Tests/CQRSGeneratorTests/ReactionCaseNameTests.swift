import CQRSSpec
import Testing

@testable import CQRSGenerator

/// The cases of a reaction's `Command` enum are distinct, whatever its commands are called.
@Suite("Reaction command cases")
struct ReactionCaseNameTests {
    let translator = Translator(
        spec: Spec(
            path: "x.cqrs.yaml", formatVersion: 1, domain: "D", description: nil, types: [], aggregates: [],
            projections: [], queries: []),
        access: .public, specFileName: "x.cqrs.yaml")

    @Test("Commands alike in name get their aggregate's name in front; the others keep theirs")
    func sharedNamesAreQualified() {
        let names = translator.commandCaseNames([
            CommandReference(aggregate: "Order", command: "Touch"),
            CommandReference(aggregate: "Other", command: "Touch"),
            CommandReference(aggregate: "Other", command: "Ping"),
        ])
        #expect(Set(names.values) == ["orderTouch", "otherTouch", "ping"])
    }

    @Test("When a qualified name is another command's own, every case is qualified")
    func clashesQualifyEveryCase() {
        let names = translator.commandCaseNames([
            CommandReference(aggregate: "Order", command: "Touch"),
            CommandReference(aggregate: "Other", command: "Touch"),
            CommandReference(aggregate: "Other", command: "OrderTouch"),
        ])
        #expect(Set(names.values) == ["orderTouch", "otherTouch", "otherOrderTouch"])
        #expect(names.count == 3)
    }
}
