/// The HTTP API of a spec (the `http` output): the operations an authorizer sees, the shapes of command
/// bodies, and one route per command, query and count.
struct HTTPViewModel: Sendable {
    /// One case of the `Operation` enum per served command and query.
    var operations: [HTTPOperationViewModel]
    /// The `JSONShape` of every command's body, named by its operation's case.
    var bodies: [HTTPShapeViewModel]
    /// The `JSONShape` of every declared struct and union.
    var shapes: [HTTPShapeViewModel]
    /// The commands' routes.
    var commandRoutes: [HTTPCommandRouteViewModel]
    /// The queries' (and counts') routes.
    var queryRoutes: [HTTPQueryRouteViewModel]
    /// The declared enums, which path and query parameters read by case name.
    var enums: [NameViewModel]
    /// The OpenAPI document, as a multi-line raw string literal.
    var openAPIDocumentLiteral: String
}

/// A case of the generated `HTTP.Operation`.
struct HTTPOperationViewModel: Sendable {
    /// The case name (`placeOrder`).
    var caseName: String
    /// The command's or query's Swift type.
    var type: String
    /// The route, for its doc comment (`POST /order/place-order`).
    var route: String
}

/// A generated `JSONShape`.
struct HTTPShapeViewModel: Sendable {
    /// The static property's name (`placeOrder`, `lineItem`).
    var name: String
    /// The shape's Swift expression.
    var expression: String
}

/// An argument of a generated initializer call: `label: expression`.
struct HTTPArgumentViewModel: Sendable {
    var label: String
    var expression: String
}

/// The route of a command.
struct HTTPCommandRouteViewModel: Sendable {
    /// The `HTTPRequest.Method` case (`.post`).
    var method: String
    /// The path as a Swift string literal.
    var pathLiteral: String
    /// The route, for its doc comment.
    var route: String
    /// The command's Swift type.
    var type: String
    /// The `Operation` case.
    var caseName: String
    /// The `Bodies` property of its body.
    var shapeName: String
    /// The command's initializer arguments, read from the body and path.
    var arguments: [HTTPArgumentViewModel]
    /// The application's property holding the aggregate's definition.
    var definitionProperty: String
}

/// The route of a query or a count.
struct HTTPQueryRouteViewModel: Sendable {
    /// The path as a Swift string literal.
    var pathLiteral: String
    /// The route, for its doc comment.
    var route: String
    /// The `HTTPResponder` method that serves it (`row`, `page`, `numberedPage`, `count`, `value`).
    var responderMethod: String
    /// The arguments after the projection's (`, defaultPageSize: …`).
    var extraArguments: String
    /// The query's Swift type.
    var type: String
    /// The `Operation` case.
    var caseName: String
    /// The read model's name as a string literal.
    var projectionLiteral: String
    /// The query's initializer arguments, read from the path and query string.
    var arguments: [HTTPArgumentViewModel]
    /// The `answer:` closure's parameters (`query`, `query, page`).
    var answerParameters: String
    /// The `ask` call's arguments after the query (`, page: page`).
    var askArguments: String
}
