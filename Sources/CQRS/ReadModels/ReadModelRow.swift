/// A row type of a read model: the generated struct of a projection (`Shop.UserOrders`).
///
/// ```swift
/// struct UserOrders: CQRS.ReadModelRow {
///     static let schema = CQRS.ReadModelSchema(name: "UserOrders", columns: [...], key: ["orderId"])
///     var orderId: UUID
///     ...
///     var columns: [CQRS.ColumnValue] { [orderId.columnValue, ...] }
///     var key: [CQRS.ColumnValue] { [orderId.columnValue] }
/// }
/// ```
public protocol ReadModelRow: Sendable, Hashable {
    /// The read model's table.
    static var schema: ReadModelSchema { get }
    /// Converts stored values (in ``ReadModelSchema/columns`` order).
    init(columns: [ColumnValue]) throws
    /// The row's values, in ``ReadModelSchema/columns`` order.
    var columns: [ColumnValue] { get }
    /// The row's key values, in ``ReadModelSchema/key`` order.
    var key: [ColumnValue] { get }
}
