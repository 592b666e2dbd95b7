/// A validated domain spec: one bounded context read from a `*.cqrs.yaml` file.
///
/// A `Spec` is only handed out by ``SpecLoader`` when validation found no errors, so every
/// reference in it (an event in `emits`, a projection's `on` entry, a query's `projection`) is known
/// to resolve. Declarations keep the order in which they appear in the file, so that everything
/// derived from a spec is deterministic.
///
/// ```swift
/// let result = SpecLoader().load(path: "Sources/Shop/shop.cqrs.yaml")
/// guard let spec = result.spec else { print(result.diagnostics); return }
/// print(spec.domain, spec.aggregates.map(\.name))
/// ```
public struct Spec: Hashable, Sendable {
    /// The path the spec was read from, as given by the caller.
    public var path: String
    /// The format version declared by `cqrs:`.
    public var formatVersion: Int
    /// The namespace of everything generated (`domain:`).
    public var domain: String
    /// The spec's `description`, if any.
    public var description: String?
    /// Shared value types (`types:`), in file order.
    public var types: [TypeDeclaration]
    /// Aggregates, in file order.
    public var aggregates: [Aggregate]
    /// Projections, in file order.
    public var projections: [Projection]
    /// Queries, in file order.
    public var queries: [Query]
    /// The reactions, in spec order.
    public var reactions: [Reaction]

    /// Creates a spec.
    public init(
        path: String,
        formatVersion: Int,
        domain: String,
        description: String?,
        types: [TypeDeclaration],
        aggregates: [Aggregate],
        projections: [Projection],
        queries: [Query],
        reactions: [Reaction] = []
    ) {
        self.path = path
        self.formatVersion = formatVersion
        self.domain = domain
        self.description = description
        self.types = types
        self.aggregates = aggregates
        self.projections = projections
        self.queries = queries
        self.reactions = reactions
    }
}

/// A position in a spec file, counted from 1 as editors and compilers do.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}
