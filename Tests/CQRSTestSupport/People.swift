import CQRS

/// A raw-row read model of people in teams, for the read store contract tests.
package enum People {
    /// The model's table: a key, an index, a nullable column.
    package static let schema = ReadModelSchema(
        name: "People",
        columns: [
            .init(name: "id", type: .int),
            .init(name: "team", type: .string),
            .init(name: "score", type: .int),
            .init(name: "nickname", type: .string, nullable: true),
        ],
        key: ["id"],
        indexes: [["team"]]
    )

    /// A row of ``schema``.
    package static func row(_ id: Int64, _ team: String, _ score: Int64, _ nickname: String? = nil) -> [ColumnValue] {
        [.int(id), .string(team), .int(score), nickname.map { .string($0) } ?? .null]
    }
}
