/// A query answered from one read model's rows alone: generated for every query of a spec but the custom
/// ones. The application answers it (waiting for your write first, when asked), and so do tests, from rows
/// projected without an application (`ProjectionScenario.answer(_:)` in CQRSTesting).
///
/// ```swift
/// let page = try await Shop.ListUserOrders(userId: "ada").answer(from: engine.reader(Shop.UserOrders.self))
/// ```
public protocol ReadModelQuery<Row>: Sendable {
    /// The rows it reads.
    associatedtype Row: ReadModelRow
    /// What it answers: a row or none, a page of rows (the first, at the query's page size), or a number.
    associatedtype Answer: Sendable

    /// The answer, read from `rows`.
    func answer(from rows: ReadModelReader<Row>) async throws -> Answer
}
