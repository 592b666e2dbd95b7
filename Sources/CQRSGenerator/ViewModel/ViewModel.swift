/// The view model the templates render: a spec translated into Swift names, types and expressions.
///
/// Every value a template needs is computed here, so the templates only arrange text. Names are
/// already escaped (`` `default` ``), types already qualified (`Shop.LineItem`), literals already
/// spelled for their type. Optional values render as empty sections, never as a parent's value.
struct SpecViewModel: Sendable {
    /// The domain namespace (`Shop`).
    var domain: String
    /// The access level keyword for generated declarations (`public`, `package` or `internal`).
    var access: String
    /// The spec's file name, for the header.
    var specFileName: String
    /// The spec's description, as doc comment lines.
    var docLines: [DocLine]
    var types: [TypeViewModel]
    var aggregates: [AggregateViewModel]
    var projections: [ProjectionViewModel]
    var queries: [QueryViewModel]
    var reactions: [ReactionViewModel]
    var application: ApplicationViewModel
    /// The HTTP API (rendered by the `http` template, an output a target opts into).
    var http: HTTPViewModel
}

/// One line of a doc comment.
struct DocLine: Sendable {
    var text: String
}

/// A stored property of a generated struct.
struct FieldViewModel: Sendable {
    /// The Swift name (escaped where it is a keyword).
    var name: String
    /// The name as written in the spec (JSON keys, columns, messages).
    var rawName: String
    /// `rawName` as a Swift string literal.
    var rawNameLiteral: String
    /// The Swift type.
    var type: String
    var docLines: [DocLine]
    /// The initializer parameter's default, if it has one.
    var defaultValue: LiteralViewModel?
    /// The value the field starts at (its default, or its type's zero value).
    var initialValue: String
    /// The field's position among its siblings, from 0.
    var index: Int
    /// The type spelled so that it can be called as an initializer (`Optional<Int>` for `Int?`).
    var constructorType: String
    /// The `CQRS.ColumnType` of the field in a read model table, e.g. `.uuid`.
    var columnType: String
    /// Whether the column takes NULL.
    var nullable: Bool
    /// Whether the field is an optional through which a struct contains itself, stored `@CQRS.Indirect`.
    var indirect: Bool
}

/// A column named by a field: the field's Swift property and the column's name as a string literal.
struct ColumnViewModel: Sendable {
    var property: String
    var columnLiteral: String
}

/// A field's constraint checks, as run by a generated `validate(path:into:)`.
struct ValidationViewModel: Sendable {
    /// The Swift name of the field.
    var name: String
    /// The field's spec name as a Swift string literal.
    var label: String
    /// Whether the field is optional (checks run on the unwrapped value).
    var isOptional: Bool
    /// Direct checks on the value.
    var checks: [CheckViewModel]
    /// Whether the value is a declared struct whose own fields are checked.
    var validatesStruct: Bool
    /// Whether the value is an array of declared structs whose fields are checked.
    var validatesElements: Bool
    /// The array element type is optional (`[Seats?]`).
    var elementIsOptional: Bool
}

/// One call to `CQRS.Constraints`.
struct CheckViewModel: Sendable {
    /// `minimum`, `minLength`, …
    var function: String
    /// What is checked: `value` or `value.count`.
    var subject: String
    /// The bound, as a Swift expression.
    var bound: String
    /// The field's name as a string literal, for the violation.
    var label: String
}

/// A compiled pattern kept in a static property.
struct PatternViewModel: Sendable {
    var propertyName: String
    var regex: String
}

/// A declared type under `types`: exactly one of `enumeration` and `structure` is set.
struct TypeViewModel: Sendable {
    var name: String
    var docLines: [DocLine]
    /// An enum: its cases.
    var enumeration: EnumTypeViewModel?
    /// A struct: its fields, their checks and patterns.
    var structure: StructTypeViewModel?
    /// A tagged union: its cases and the structs of their fields.
    var union: UnionTypeViewModel?
}

/// A declared tagged union: an enum whose cases each carry a struct of fields.
struct UnionTypeViewModel: Sendable {
    var name: String
    var cases: [UnionCaseViewModel]
}

/// A case of a tagged union.
struct UnionCaseViewModel: Sendable {
    /// The case's name, escaped for Swift.
    var name: String
    /// The case's name as a string literal: its key in the payload.
    var rawNameLiteral: String
    var docLines: [DocLine]
    /// The struct of its fields, nested in the union.
    var structure: StructTypeViewModel
}

/// A declared enum.
struct EnumTypeViewModel: Sendable {
    var name: String
    var cases: [CaseViewModel]
    /// `Swift.String`, or `Swift.Int` for whole-number raw values.
    var rawType: String
    /// Whole-number raw values: stored in an integer column.
    var storesNumbers: Bool
}

/// A declared struct.
struct StructTypeViewModel: Sendable {
    var name: String
    var fields: [FieldViewModel]
    /// The checks of its fields' constraints; nil when no field has one.
    var constraints: ConstraintsViewModel?
}

/// The fields a type decodes (`init(from:)`) and encodes (`encodeFields(to:)`), in declaration order:
/// a command's stored list (its ID, then its fields); for every other type its `fields`, as a key.
struct CodingViewModel: Sendable {
    var fields: [FieldViewModel]
}

/// The constraint checks of a struct's or a command's fields: a `validate(path:into:)` method.
struct ConstraintsViewModel: Sendable {
    var validations: [ValidationViewModel]
    /// The compiled regular expressions the checks use.
    var patterns: [PatternViewModel]
}

/// An enum case.
struct CaseViewModel: Sendable {
    var name: String
    var rawValue: String
    /// The explicit raw value as a Swift literal (`8`, `"H"`); `nil`: the case's name.
    var rawValueLiteral: String?
}

/// An aggregate and everything nested in it.
struct AggregateViewModel: Sendable {
    var name: String
    var docLines: [DocLine]
    var idType: String
    /// `"Order"`: the stream category.
    var category: String
    /// `orderId`: the property commands carry.
    var idProperty: String
    /// How often a snapshot is written; nil: never.
    var snapshot: SnapshotViewModel?
    /// `storage: state`: the state is a row, changed by the handler's `decide`, not folded by `evolve`.
    var storesState: Bool
    var stateVersion: String
    /// The name of the application's property holding this aggregate's definition (`orderDefinition`).
    var propertyName: String
    /// The name of the application's initializer parameter for this aggregate's handler (`orderHandler`).
    var parameterName: String
    var state: StateViewModel
    var commands: [CommandViewModel]
    var events: [EventViewModel]
}

/// An aggregate's snapshot interval.
struct SnapshotViewModel: Sendable {
    /// Write a snapshot every this many events.
    var every: Int
}

/// An aggregate's state.
struct StateViewModel: Sendable {
    var fields: [FieldViewModel]
}

/// A command.
struct CommandViewModel: Sendable {
    var name: String
    /// The name as a Swift string literal (the command's name in metrics, logs and errors).
    var nameLiteral: String
    var aggregate: String
    var docLines: [DocLine]
    var creates: Bool
    /// Its aggregate keeps its state as a row: `decide` changes the state in place.
    var storesState: Bool
    /// `orderId`: the property naming the instance the command acts on.
    var idProperty: String
    /// `"orderId"`: the property's name as a Swift string literal (as constraint violations name it).
    var idPropertyLiteral: String
    /// The ID's default (a fresh UUID) for a creating command on a UUID stream; nil otherwise.
    var idDefault: LiteralViewModel?
    var fields: [FieldViewModel]
    /// The fields it decodes and encodes: the aggregate's ID, then `fields`.
    var coding: CodingViewModel
    /// The checks of its identifier's and fields' constraints; nil when none has one.
    var constraints: ConstraintsViewModel?
    var emits: [EmittedViewModel]
    /// Whether `Shop.PlaceOrder` is also declared (the name is unique across aggregates).
    var hasDomainAlias: Bool
}

/// An event a command may emit.
struct EmittedViewModel: Sendable {
    /// The case name, `orderPlaced`.
    var caseName: String
    /// The event's Swift type, `Shop.Order.OrderPlaced`.
    var type: String
}

/// An event.
struct EventViewModel: Sendable {
    var name: String
    var aggregate: String
    var caseName: String
    var docLines: [DocLine]
    /// The stored type name, `Order.OrderPlaced`.
    var eventType: String
    /// The event's version when the spec declares one above 1; nil for version 1.
    var laterVersion: EventVersionViewModel?
    var fields: [FieldViewModel]
    var hasDomainAlias: Bool
}

/// The version of an event declared with `version` above 1.
struct EventVersionViewModel: Sendable {
    var schemaVersion: Int
    /// How older payloads are brought to this version; nil when the spec declares no `upcast` steps.
    var upcaster: UpcasterViewModel?
}

/// An event's upcast steps.
struct UpcasterViewModel: Sendable {
    /// The version the steps lead to: the event's version.
    var currentVersion: Int
    var steps: [UpcastViewModel]
}

/// One upcast step.
struct UpcastViewModel: Sendable {
    var fromVersion: Int
    var defaults: [KeyValueViewModel]
    var renamed: [KeyValueViewModel]
    /// The removed fields' names, as string literals.
    var removed: [LiteralViewModel]
}

/// A Swift literal.
struct LiteralViewModel: Sendable {
    var literal: String
}

/// A pair of Swift expressions.
struct KeyValueViewModel: Sendable {
    var key: String
    var value: String
}

/// A projection: its row type, handler protocol and projection type.
struct ProjectionViewModel: Sendable {
    var name: String
    /// The name as a Swift string literal (the read model's name in the stores).
    var nameLiteral: String
    /// The name of the application's initializer parameter for the custom handler (`userOrdersHandler`).
    var propertyName: String
    var docLines: [DocLine]
    var fields: [FieldViewModel]
    /// The key's columns, in key order.
    var key: [ColumnViewModel]
    var indexes: [IndexViewModel]
    var hasCustom: Bool
    /// `consistency: inline`: its rows change in the append's transaction.
    var isInline: Bool
    var customHandlers: [CustomHandlerViewModel]
    /// The `on` entries, one per event the projection reads.
    var cases: [ProjectionCaseViewModel]
    /// The values the projection remembers per stream.
    var remembered: [RememberedValueViewModel] = []
}

/// A read model index: its columns, in order.
struct IndexViewModel: Sendable {
    var columns: [ColumnViewModel]
}

/// A `custom` entry: one method of the projection's handler protocol.
struct CustomHandlerViewModel: Sendable {
    var eventType: String
    var idType: String
    /// The read model's row type, `Shop.Notes`.
    var rowType: String
}

/// One `on` entry, as a `case` in the generated `apply`: exactly one of `custom`, `insert`, `upsert`,
/// `update` and `delete` is set, the one that says what the entry does.
struct ProjectionCaseViewModel: Sendable {
    /// The event's Swift type.
    var eventType: String
    var idType: String
    /// Whether the entry reads the event's fields (and so decodes its payload).
    var usesPayload: Bool = false
    /// Whether the entry reads the event's context (stream id, position, time, version).
    var usesContext: Bool = false
    /// The remembered values the entry reads, looked up first.
    var recalls: [RememberedValueViewModel] = []
    /// The remembered values this event carries, remembered first.
    var remembers: [RememberedValueViewModel] = []
    /// `custom`: the user's handler method is called.
    var custom: CustomEntryViewModel?
    /// `insert`: a new row.
    var insert: RowWriteViewModel?
    /// `upsert`: a new row, or one that replaces the row with its key.
    var upsert: RowWriteViewModel?
    /// `upsert` with `increment`: the row changed when it exists, else a new one.
    var merge: RowMergeViewModel?
    /// `update`: one row changed.
    var update: RowUpdateViewModel?
    /// `delete`: one row removed.
    var delete: RowDeleteViewModel?
}

/// A `custom` entry: the call of the handler's method for the event.
struct CustomEntryViewModel: Sendable {
    /// The event's Swift type (the method's first parameter).
    var eventType: String
}

/// An `insert` or `upsert` entry: the row built from the event.
struct RowWriteViewModel: Sendable {
    /// The row's Swift type (`Shop.UserOrders`).
    var rowType: String
    /// The row's initializer arguments.
    var arguments: [ColumnValueViewModel]
}

/// An `update` entry.
struct RowUpdateViewModel: Sendable {
    /// The key's values, in key order.
    var key: [KeyPartViewModel]
    /// `row.x = value` statements.
    var assignments: [ColumnValueViewModel]
    /// `row.x += value` statements.
    var increments: [ColumnValueViewModel]
    /// `row.x.append(value)` statements.
    var appends: [ColumnValueViewModel]
    /// `row.x.removeAll { $0 == value }` statements.
    var removals: [ColumnValueViewModel]
}

/// An `upsert` entry with `increment`: an update of the key's row, or, when there is none, a new row with
/// the increments added.
struct RowMergeViewModel: Sendable {
    /// The key's values, in key order.
    var key: [KeyPartViewModel]
    /// `row.x = value` statements for an existing row (the `set` fields that are not key fields).
    var assignments: [ColumnValueViewModel]
    /// `row.x += value` statements, for an existing row and for a new one.
    var increments: [ColumnValueViewModel]
    /// The new row's Swift type.
    var rowType: String
    /// The new row's initializer arguments.
    var arguments: [ColumnValueViewModel]
}

/// A `delete` entry.
struct RowDeleteViewModel: Sendable {
    /// The key's values, in key order.
    var key: [KeyPartViewModel]
}

/// A value an `on` entry writes to a column (an argument label or a property, escaped).
struct ColumnValueViewModel: Sendable {
    var key: String
    var value: ValueViewModel
}

/// One value of a row's key in an `update` or `delete` entry, with the key column's Swift type.
struct KeyPartViewModel: Sendable {
    var value: ValueViewModel
    var type: String
}

/// An EXPR of an `on` entry: exactly one of a field of the event (`payload.<name>` in the generated
/// `apply`), a member of the event's context (`context.<name>`) or a literal, negated (`-payload.amount`)
/// when `isNegated`.
struct ValueViewModel: Sendable {
    /// `-EXPR` of an `increment`: the value is written with a minus sign.
    var isNegated = false
    /// The event's field, its name escaped.
    var eventField: NameViewModel?
    /// The member of `CQRS.EventContext`: `streamID`, `position`, `recordedAt` or `version`.
    var context: NameViewModel?
    /// A literal of the column's type.
    var literal: LiteralViewModel?
    /// A value the projection remembers for the stream: the local that holds it.
    var remembered: NameViewModel?
}

/// A value the projection remembers per stream, as its `Projection` type looks it up.
struct RememberedValueViewModel: Sendable {
    /// The name as a string literal (its key among the remembered values).
    var nameLiteral: String
    /// The event field it is read from, escaped.
    var field: String
    /// The Swift type of the value.
    var type: String
    /// The Swift type of the event that carries it.
    var eventType: String
    /// The local a case reads it into (`remembered` + name).
    var local: String
    /// The method of the projection that looks it up (`recall` + name).
    var method: String
}

/// A Swift name, escaped where it is a keyword.
struct NameViewModel: Sendable {
    var name: String
}

/// A query: exactly one of `byKey`, `paged` and `custom` is set, the one that says how it is answered.
struct QueryViewModel: Sendable {
    /// Its name, its read model's and its handler's member in the application (keys of the query).
    var names: QueryNamesViewModel
    var docLines: [DocLine]
    /// The query's parameters: the key or index fields, or a custom query's `params`.
    var fields: [FieldViewModel]
    /// By the key: one optional row.
    var byKey: ByKeyQueryViewModel?
    /// By an index, or all rows: a page of rows.
    var paged: PagedQueryViewModel?
    /// Answered by the user's handler.
    var custom: CustomQueryViewModel?
    /// A custom query's parameter constraints, checked like a command's.
    var constraints: ConstraintsViewModel?
}

/// A query by the key.
struct ByKeyQueryViewModel: Sendable {
    var query: QueryNamesViewModel
    /// The key's columns, each read from the query's property of the same name.
    var key: [ColumnViewModel]
}

/// One condition of a query of many rows: a column compared with one of the query's properties.
struct FilterViewModel: Sendable {
    /// The column's name as a Swift string literal.
    var columnLiteral: String
    /// The query's property compared with it.
    var property: String
    /// The `CQRS.ColumnFilter.Condition` case: `equals`, `startsWith`, `atLeast`, … `isIn`.
    var conditionCase: String
    /// What turns the property's value into the case's value: `.columnValue`, `.map(\.columnValue)` or
    /// nothing (a prefix is the text itself).
    var conversion: String
    /// Whether the property is optional, and the condition dropped when it is `nil`.
    var optional: Bool
}

/// A query by an index (or of all rows), answered a page at a time.
struct PagedQueryViewModel: Sendable {
    var query: QueryNamesViewModel
    /// The conditions: the index's columns equal to the properties of their names, then `where`'s (none:
    /// all rows).
    var filters: [FilterViewModel]
    /// The order of the rows.
    var ordering: [OrderingViewModel]
    /// The page size when the caller asks for none.
    var pageSize: Int
    /// `paging: offset`: asked by page number and size, answered with a numbered page.
    var offsetPaging: Bool
    /// `count: true`: numbered pages say how many rows there are in all.
    var counts: Bool
    /// `count: true`: the `Count…` query.
    var count: CountQueryViewModel?
}

/// The `Count…` query of a query of many rows (`count: true`): the same parameters, answered with a number.
struct CountQueryViewModel: Sendable {
    /// `Count` and the query's name.
    var name: String
    /// The query it counts the rows of.
    var queryName: String
    var projection: String
    var projectionLiteral: String
    /// The same parameters as the query's.
    var fields: [FieldViewModel]
    /// The same conditions as the query's.
    var filters: [FilterViewModel]
}

/// One column of a query's order.
struct OrderingViewModel: Sendable {
    var columnLiteral: String
    var descending: Bool
}

/// A custom query.
struct CustomQueryViewModel: Sendable {
    var query: QueryNamesViewModel
    /// What it returns, spelled in Swift.
    var returns: String
    /// Whether a parameter has a constraint: the application checks them before the handler runs.
    var validatesParameters: Bool
}

/// What every kind of query names: itself, its read model, and its member in the application.
struct QueryNamesViewModel: Sendable {
    var name: String
    var projection: String
    /// The read model's name as a string literal.
    var projectionLiteral: String
    /// The name of the application's property holding a custom query's handler (`busiestHandler`).
    var propertyName: String
}

/// The wiring: one initializer over the stores and the user's implementations.
struct ApplicationViewModel: Sendable {
    var parameters: [ParameterViewModel]
    var aggregates: [AggregateViewModel]
    var projections: [ProjectionViewModel]
    var queries: [QueryViewModel]
    var reactions: [ReactionViewModel]
}

/// An initializer parameter of the application: a user implementation.
struct ParameterViewModel: Sendable {
    /// The argument label (`order`).
    var label: String
    /// The parameter's name inside the initializer (`orderHandler`).
    var name: String
    var type: String
    var docLines: [DocLine]
}

/// A reaction: its commands, the aggregate definitions it sends them with, and its `on` entries.
struct ReactionViewModel: Sendable {
    var name: String
    /// The reaction's name as a Swift string literal.
    var nameLiteral: String
    /// The `Application` parameter and property of its handler (`debitOnTransferHandler`).
    var propertyName: String
    var docLines: [DocLine]
    /// `.beginning` or `.now`.
    var start: String
    /// The commands it may send (empty: it only calls out).
    var commands: [ReactionCommandViewModel]
    /// The aggregate definitions its commands are sent with, one per aggregate.
    var definitions: [ReactionDefinitionViewModel]
    /// Whether the user implements a `Handler` (a `custom` entry, or `rejected: custom`).
    var hasCustom: Bool
    /// Whether `rejected` is the user's to write (no default).
    var rejectedIsCustom: Bool
    /// The `custom` entries' methods.
    var customHandlers: [ReactionHandlerViewModel]
    /// One case per `on` entry.
    var cases: [ReactionCaseViewModel]
}

/// A method of a reaction's `Handler` for a `custom` entry.
struct ReactionHandlerViewModel: Sendable {
    var eventType: String
    var idType: String
    /// The reaction's `Command` type.
    var commandType: String
    /// Whether the reaction sends commands (the method returns them); a call-out's returns nothing.
    var sendsCommands: Bool
}

/// A command a reaction may send: a case of its `Command` enum.
struct ReactionCommandViewModel: Sendable {
    var caseName: String
    /// `Bank.Account.WithdrawMoney`.
    var type: String
    /// The command's name as a Swift string literal.
    var nameLiteral: String
    /// The reaction's property holding the command's aggregate definition.
    var definition: String
}

/// An aggregate definition a reaction holds to send commands with.
struct ReactionDefinitionViewModel: Sendable {
    /// The aggregate's name.
    var aggregate: String
    /// The reaction's property and initializer label (`accountDefinition`).
    var property: String
    /// `Bank.Account.Definition`.
    var type: String
    /// The application's property holding it (`accountDefinition`).
    var applicationProperty: String
}

/// One `on` entry of a reaction.
struct ReactionCaseViewModel: Sendable {
    var eventType: String
    var idType: String
    var usesPayload: Bool
    var usesContext: Bool
    /// A `custom` entry of a reaction that sends commands: the handler's commands are returned.
    var customSends: Bool
    /// A `custom` entry of a call-out: the handler is called and nothing is sent.
    var customCallsOut: Bool
    /// A declarative `send`.
    var send: ReactionSendViewModel?
}

/// A declarative `send`: the command's case, its type and its initializer's arguments.
struct ReactionSendViewModel: Sendable {
    var caseName: String
    var type: String
    /// The command's id argument (the target stream).
    var target: ColumnValueViewModel
    var arguments: [ColumnValueViewModel]
}
