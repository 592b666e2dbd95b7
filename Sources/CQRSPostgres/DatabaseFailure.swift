import PostgresNIO

/// How an error from PostgresNIO is handled: a dropped connection is retried (every operation of the store
/// is safe to repeat), anything else becomes a typed ``PostgresStoreError``.
enum DatabaseFailure {
    /// Whether the error means the connection dropped (or the server went away) rather than that the
    /// statement failed.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is ConnectionClosed { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            // 08: connection exception; 57P01-57P03: the backend was terminated or the server is restarting.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
        default:
            return false
        }
    }

    /// The SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: any Error) -> String? {
        guard let error = error as? PSQLError, error.code == .server else { return nil }
        return error.serverInfo?[.sqlState]
    }

    /// A short description: the server's message, or the client's error code.
    static func describe(_ error: any Error) -> String {
        if let error = error as? ConnectionClosed { return error.description }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return "\(info[.sqlState] ?? "?") \(message)" + (info[.detail].map { " (\($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// The typed error for a failure that is not retried (or no longer).
    static func typed(_ error: any Error, operation: String, attempts: Int) -> any Error {
        if error is PostgresStoreError || !(error is PSQLError || error is ConnectionClosed) { return error }
        if isConnectionLoss(error) {
            return PostgresStoreError.connectionLost(operation: operation, attempts: attempts, reason: describe(error))
        }
        if let psql = error as? PSQLError, psql.code == .poolClosed { return PostgresStoreError.notRunning }
        if let state = sqlState(error) {
            let message = (error as? PSQLError)?.serverInfo?[.message] ?? describe(error)
            return PostgresStoreError.server(operation: operation, sqlState: state, message: message)
        }
        return PostgresStoreError.failed(operation: operation, reason: describe(error))
    }
}
