/// A query: a question answered from one projection's read model only.
public struct Query: Hashable, Sendable {
    /// How a query finds its rows.
    public enum Kind: Hashable, Sendable {
        /// `by` equal to the key: returns one optional row. The fields are in key order.
        case byKey([String])
        /// `by` equal to an index: returns a page of rows. The fields are in index order.
        case byIndex([String])
        /// Neither `by` nor `custom`: returns all rows, paged.
        case all
        /// `custom: true`: the user implements it; it takes `params` and returns `returns`.
        case custom(parameters: [Field], returns: TypeExpression)
    }

    /// A sort order on one row field.
    public struct Ordering: Hashable, Sendable {
        /// The row field.
        public var field: String
        /// `desc`.
        public var descending: Bool

        /// Creates an ordering.
        public init(field: String, descending: Bool) {
            self.field = field
            self.descending = descending
        }
    }

    /// A condition of `where:`: a row field compared with one of the query's parameters.
    public struct Condition: Hashable, Sendable {
        /// How the field is compared with the parameter.
        public enum Comparison: String, Hashable, Sendable, CaseIterable {
            /// Equal to the parameter.
            case equals
            /// A text that starts with the parameter.
            case startsWith
            /// Greater than the parameter (also spelled `>`).
            case greaterThan
            /// Greater than or equal to the parameter (also spelled `>=`).
            case atLeast
            /// Less than the parameter (also spelled `<`).
            case lessThan
            /// Less than or equal to the parameter (also spelled `<=`).
            case atMost
            /// Equal to one of the parameter's values (the parameter is a list).
            case `in`

            /// The spellings the spec accepts beside the names: `=`, `>`, `>=`, `<`, `<=`.
            public static let symbols: [String: Comparison] = [
                "=": .equals, ">": .greaterThan, ">=": .atLeast, "<": .lessThan, "<=": .atMost,
            ]
        }

        /// The row field.
        public var field: String
        /// How it is compared.
        public var comparison: Comparison
        /// The query's parameter it is compared with.
        public var parameter: String
        /// The parameter's type: the field's (without optional), `[T]` for `in`, `String` for `startsWith`;
        /// optional when the condition is.
        public var parameterType: TypeExpression
        /// A parameter written `name?`: optional, and the condition is dropped when it is absent.
        public var isOptional: Bool
        /// Where the condition stands in the spec.
        public var location: SourceLocation

        /// Creates a condition.
        public init(
            field: String, comparison: Comparison, parameter: String, parameterType: TypeExpression,
            isOptional: Bool, location: SourceLocation
        ) {
            self.field = field
            self.comparison = comparison
            self.parameter = parameter
            self.parameterType = parameterType
            self.isOptional = isOptional
            self.location = location
        }
    }

    /// The query's name (UpperCamelCase).
    public var name: String
    /// The query's `description`, if any.
    public var description: String?
    /// The projection whose read model it reads.
    public var projection: String
    /// How it finds its rows.
    public var kind: Kind
    /// `orderBy`, if any.
    public var orderBy: Ordering?
    /// `pageSize`, if any: the default page size of a paged result.
    public var pageSize: Int?
    /// `paging`: how a query of many rows is paged (by cursor unless told).
    public var paging: Paging
    /// `count: true`: a query of many rows also gets a `Count…` query, and numbered pages say how many rows
    /// there are in all.
    public var counts: Bool
    /// `where:`: conditions beyond `by`, each on a parameter of the query (a query of many rows only).
    public var conditions: [Condition]

    /// `paging:` of a query of many rows.
    public enum Paging: String, Hashable, Sendable, CaseIterable {
        /// Each page gives the cursor of the next one (the default).
        case cursor
        /// Pages by number and size, as page-numbered UIs ask for them.
        case offset
    }

    /// `http:`, if given: how the HTTP API serves the query (and its count) instead of by default.
    public var http: HTTPBinding?

    /// The name of the query `count: true` adds: `Count` and the query's name.
    public var countName: String { "Count" + name }
    /// Where the query's name stands in the spec.
    public var location: SourceLocation

    /// Creates a query.
    public init(
        name: String,
        description: String? = nil,
        projection: String,
        kind: Kind,
        orderBy: Ordering? = nil,
        pageSize: Int? = nil,
        paging: Paging = .cursor,
        counts: Bool = false,
        conditions: [Condition] = [],
        http: HTTPBinding? = nil,
        location: SourceLocation
    ) {
        self.http = http
        self.conditions = conditions
        self.paging = paging
        self.counts = counts
        self.name = name
        self.description = description
        self.projection = projection
        self.kind = kind
        self.orderBy = orderBy
        self.pageSize = pageSize
        self.location = location
    }
}
