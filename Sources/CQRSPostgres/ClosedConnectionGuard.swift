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
        let watch = ConnectionCloseWatch.shared
        let token = watch.newToken()
        defer { watch.stopWaiting(on: connection, token: token) }
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
            watch.wait(on: connection, token: token) {
                finish(.failure(ConnectionClosed()))
                work.cancel()
            }
        }
    }
}

/// Calls back the queries in flight on a connection when it closes, through one `closeFuture` callback per
/// connection.
///
/// A callback added to an `EventLoopFuture` cannot be removed: one per query would pile up on a long-lived
/// pooled connection (and keep every query's task and rows) until the connection closes. Here each query
/// adds itself to its connection's set of waiters and takes itself out when it ends.
final class ConnectionCloseWatch: Sendable {
    /// The watch every store in the process shares.
    static let shared = ConnectionCloseWatch()

    private struct Watched {
        /// Held so that its `ObjectIdentifier` is not reused while it is watched.
        let connection: PostgresConnection
        var waiters: [Int: @Sendable () -> Void]
    }

    private let watched = Mutex<[ObjectIdentifier: Watched]>([:])
    private let lastToken = Atomic<Int>(0)

    /// A token for ``wait(on:token:onClose:)`` and ``stopWaiting(on:token:)``, unique in the process.
    func newToken() -> Int {
        lastToken.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Calls `onClose` once when `connection` closes (at once if it has closed), unless
    /// ``stopWaiting(on:token:)`` comes first.
    func wait(on connection: PostgresConnection, token: Int, onClose: @escaping @Sendable () -> Void) {
        let key = ObjectIdentifier(connection)
        let isNew = watched.withLock { watched in
            if watched[key] != nil {
                watched[key]?.waiters[token] = onClose
                return false
            }
            watched[key] = Watched(connection: connection, waiters: [token: onClose])
            return true
        }
        guard isNew else { return }
        connection.closeFuture.whenComplete { _ in
            let closed = self.watched.withLock { $0.removeValue(forKey: key) }
            for waiter in closed?.waiters.values ?? [:].values { waiter() }
        }
    }

    /// Forgets the waiter `token` on `connection`.
    func stopWaiting(on connection: PostgresConnection, token: Int) {
        _ = watched.withLock { $0[ObjectIdentifier(connection)]?.waiters.removeValue(forKey: token) }
    }

    /// How many waiters are registered on `connection` (for tests).
    func waiterCount(on connection: PostgresConnection) -> Int {
        watched.withLock { $0[ObjectIdentifier(connection)]?.waiters.count ?? 0 }
    }
}
