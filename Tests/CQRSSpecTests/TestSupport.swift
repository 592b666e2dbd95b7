import CQRSSpec
import Foundation
import Testing

/// Loads an inline spec.
func load(_ yaml: String, path: String = "test.cqrs.yaml") -> SpecLoadResult {
    SpecLoader().load(contents: yaml, path: path)
}

/// The error diagnostics of an inline spec.
func errors(_ yaml: String) -> [Diagnostic] {
    load(yaml).errors
}

/// The warnings of an inline spec.
func warnings(_ yaml: String) -> [Diagnostic] {
    load(yaml).warnings
}

/// Expects the spec to load without errors and returns it.
@discardableResult
func expectValid(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Spec? {
    let result = load(yaml)
    #expect(
        result.errors.isEmpty, "unexpected errors:\n\(result.errors.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation)
    #expect(result.spec != nil, sourceLocation: sourceLocation)
    return result.spec
}

/// Expects exactly one error, at `line`:`column`, whose message (or notes) contains each of
/// `pieces` in order.
@discardableResult
func expectError(
    _ yaml: String,
    at line: Int,
    _ column: Int,
    _ pieces: String...,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
    expectOneError(yaml, line: line, column: column, pieces, sourceLocation: sourceLocation)
}

/// Expects exactly one error, anywhere, whose message (or notes) contains each of `pieces` in order.
@discardableResult
func expectError(
    _ yaml: String,
    _ pieces: String...,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
    expectOneError(yaml, line: nil, column: nil, pieces, sourceLocation: sourceLocation)
}

private func expectOneError(
    _ yaml: String,
    line: Int?,
    column: Int?,
    _ pieces: [String],
    sourceLocation: Testing.SourceLocation
) -> Diagnostic? {
    let result = load(yaml)
    #expect(result.spec == nil, "a spec with errors must not be handed out", sourceLocation: sourceLocation)
    let found = result.errors
    guard found.count == 1, let error = found.first else {
        Issue.record(
            "expected one error containing \(pieces), got \(found.count):\n\(found.map(\.description).joined(separator: "\n"))",
            sourceLocation: sourceLocation
        )
        return nil
    }
    if let line { #expect(error.location.line == line, "\(error)", sourceLocation: sourceLocation) }
    if let column { #expect(error.location.column == column, "\(error)", sourceLocation: sourceLocation) }
    let text = ([error.message] + error.notes).joined(separator: "\n")
    var searchFrom = text.startIndex
    for piece in pieces {
        guard let range = text.range(of: piece, range: searchFrom..<text.endIndex) else {
            Issue.record("'\(piece)' not found (in order) in: \(text)", sourceLocation: sourceLocation)
            return error
        }
        searchFrom = range.upperBound
    }
    return error
}

/// A small valid spec; `replacing` swaps pieces of it to make variants.
func baseSpec(_ replacements: KeyValuePairs<String, String> = [:], appending extra: String = "") -> String {
    var text = """
        cqrs: 1
        domain: Shop
        types:
          Status:
            cases: [open, closed]
          LineItem:
            fields:
              sku: String
              quantity: { type: Int, minimum: 1 }
        aggregates:
          Order:
            state:
              status: Status
            commands:
              PlaceOrder:
                creates: true
                fields: { userId: String, items: [LineItem] }
                emits: [OrderPlaced]
              CloseOrder:
                emits: [OrderClosed]
            events:
              OrderPlaced:
                fields: { userId: String, items: [LineItem], total: Int }
              OrderClosed: {}
        projections:
          UserOrders:
            key: orderId
            fields:
              orderId: UUID
              userId: String
              total: Int
              status: { type: Status, default: open }
            indexes: [userId]
            on:
              OrderPlaced: insert
              OrderClosed:
                update: { set: { status: closed } }
        queries:
          GetOrder:
            projection: UserOrders
            by: orderId

        """
    for (old, new) in replacements {
        precondition(text.contains(old), "baseSpec has no '\(old)'")
        text = text.replacingOccurrences(of: old, with: new)
    }
    return text + extra
}

/// The folder of the sample specs, `Tests/Specs` (copies of the format's shared samples, kept in the
/// repository so that the tests need nothing beside it).
let sampleSpecsDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // CQRSSpecTests
    .deletingLastPathComponent()  // Tests
    .appendingPathComponent("Specs")
