import CQRS
import Foundation
import PostgresNIO
import Synchronization

/// Which table holds each read model (and staging target), cached from the `read_models` registry. A
/// cached entry goes stale when another process promotes a reshaped model; a query that then finds its
/// table gone forgets the entry and looks again.
final class ReadModelCatalog: Sendable {
    private let tables = Mutex<[String: ReadModelTable]>([:])
    private let database: Database

    init(database: Database) {
        self.database = database
    }

    /// The registry table.
    var registry: String { database.schema.table("read_models") }

    /// The model's table; `nil` when no model (or staging target) of that name was prepared.
    func table(_ model: String) async throws -> ReadModelTable? {
        if let table = tables.withLock({ $0[model] }) { return table }
        return try remembered(
            model,
            try await database.rows(
                "SELECT table_name, definition FROM \(unescaped: registry) WHERE name = \(model)", "read model lookup"))
    }

    /// ``table(_:)``, looked up on `connection` (a transaction's) when not known yet.
    func table(_ model: String, on connection: PostgresConnection) async throws -> ReadModelTable? {
        if let table = tables.withLock({ $0[model] }) { return table }
        return try remembered(
            model,
            try await connection.query(
                "SELECT table_name, definition FROM \(unescaped: registry) WHERE name = \(model)",
                logger: database.logger
            ).collect())
    }

    /// The table a registry row describes, remembered.
    private func remembered(_ model: String, _ rows: [PostgresRow]) throws -> ReadModelTable? {
        guard let row = rows.first else { return nil }
        let (tableName, definition) = try row.decode((String, String).self)
        let schema = try Self.decode(definition)
        let table = ReadModelTable(schema: schema, tableName: tableName, in: database.schema)
        tables.withLock { $0[model] = table }
        return table
    }

    /// Remembers a table this process just created or renamed.
    func remember(_ model: String, _ table: ReadModelTable) {
        tables.withLock { $0[model] = table }
    }

    /// Forgets a model's entry (its table changed or went away).
    func forget(_ model: String) {
        _ = tables.withLock { $0.removeValue(forKey: model) }
    }

    /// Runs `body` with the model's table; when the table has gone meanwhile (a promotion elsewhere), looks
    /// the model up again and runs it once more. `nil` when the model is unknown.
    func withTable<T>(_ model: String, _ body: (ReadModelTable) async throws -> T) async throws -> T? {
        for attempt in 1...2 {
            guard let table = try await table(model) else { return nil }
            do {
                return try await body(table)
            } catch let error as PostgresStoreError {
                guard attempt == 1, case .server(_, "42P01", _) = error else { throw error }
                forget(model)
            }
        }
        return nil
    }

    /// The schema as stored in the registry.
    static func encode(_ schema: ReadModelSchema) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(schema), as: UTF8.self)
    }

    /// The schema from its stored text.
    static func decode(_ text: String) throws -> ReadModelSchema {
        do {
            return try JSONDecoder().decode(ReadModelSchema.self, from: Data(text.utf8))
        } catch {
            throw PostgresStoreError.corruptRow(
                position: 0, reason: "a read model definition does not decode: \(error)")
        }
    }
}
