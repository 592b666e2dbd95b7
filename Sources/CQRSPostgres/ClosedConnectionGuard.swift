import PostgresNIO
import Synchronization

/// The connection closed while the store was using it.
///
/// PostgresNIO (1.33) hands a query to a connection's channel without a promise for the write: when the
/// channel has already closed, the query is dropped and its result never arrives. Every query the store
/// runs is therefore raced against the connection's `closeFuture` (``PostgresNIO/PostgresConnection/untilClosed(_:)``),
/// and a drop becomes this error, which the store treats as a lost connection (retried, or a typed
/// ``PostgresStoreError/connectionLost(operation:attempts:reason:)``).
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection closed while a query was in flight" }
}

extension PostgresConnection {
    /// Runs `body`, or throws ``ConnectionClosed`` as soon as the connection closes, whichever comes first.
    ///
    /// When the connection closes first, `body` is left to finish on its own (it may never finish: its
    /// query was lost with the connection); only that task and what it holds leak, never a pooled
    /// connection, since the caller returns and gives its lease back.
    func untilClosed<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        let connection = self
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let pending = Mutex<CheckedContinuation<T, any Error>?>(continuation)
            let finish: @Sendable (Result<T, any Error>) -> Void = { result in
                pending.withLock { $0.take() }?.resume(with: result)
            }
            let work = Task {
                do {
                    finish(.success(try await body(connection)))
                } catch {
                    finish(.failure(error))
                }
            }
            connection.closeFuture.whenComplete { _ in
                finish(.failure(ConnectionClosed()))
                work.cancel()
            }
        }
    }
}
