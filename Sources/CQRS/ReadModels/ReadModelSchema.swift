/// The shape of a read model's table: columns, key, indexes, and a hash of all that.
///
/// ```swift
/// static let schema = CQRS.ReadModelSchema(
///     name: "UserOrders",
///     columns: [.init(name: "orderId", type: .uuid), .init(name: "userId", type: .string)],
///     key: ["orderId"],
///     indexes: [["userId"]]
/// )
/// ```
public struct ReadModelSchema: Sendable, Hashable, Codable {
    /// One column.
    public struct Column: Sendable, Hashable, Codable {
        /// The field's name.
        public var name: String
        /// The storage type.
        public var type: ColumnType
        /// Whether the column may hold ``ColumnValue/null``.
        public var nullable: Bool

        /// Creates a column.
        public init(name: String, type: ColumnType, nullable: Bool = false) {
            self.name = name
            self.type = type
            self.nullable = nullable
        }
    }

    /// The read model's name (the projection's).
    public var name: String
    /// The columns, in row order.
    public var columns: [Column]
    /// The key's column names, in key order.
    public var key: [String]
    /// The indexes, each a list of column names.
    public var indexes: [[String]]
    /// A hash of everything above, stable across runs and platforms: a store that finds another hash for a
    /// model it holds drops the rows and the checkpoint, so that the projection rebuilds.
    public var shapeHash: String

    /// Creates a schema and computes its ``shapeHash``.
    public init(name: String, columns: [Column], key: [String], indexes: [[String]] = []) {
        self.name = name
        self.columns = columns
        self.key = key
        self.indexes = indexes
        var hash = StableHash()
        hash.combine(name)
        for column in columns {
            hash.combine(column.name)
            hash.combine(column.type.rawValue)
            hash.combine(column.nullable ? "null" : "not null")
        }
        hash.combine("key")
        for name in key { hash.combine(name) }
        for index in indexes {
            hash.combine("index")
            for name in index { hash.combine(name) }
        }
        shapeHash = hash.hex
    }

    /// The position of a column in the row; `nil` when there is no such column.
    public func columnIndex(_ name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The positions of the key's columns in the row.
    public var keyIndices: [Int] {
        key.map { name in
            guard let index = columnIndex(name) else { preconditionFailure("\(self.name): no key column \(name)") }
            return index
        }
    }

    /// The key of a row given as column values.
    public func key(of row: [ColumnValue]) -> [ColumnValue] {
        keyIndices.map { row[$0] }
    }
}
