import CQRS
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Projection leases for one database file, across processes: an in-process ``CQRS/LocalLeaseProvider``
/// (waiters are handed the lease at once) plus an exclusive `flock` on a lock file beside the database
/// (`<database>-lease-<projection>`), which another process's runner polls for while it is held. The
/// kernel releases the lock when its process dies, so a killed runner's lease frees itself. While a lease
/// is held, the store's ``CQRS/LeasedRowCache`` may answer the projection's row lookups.
final class SQLiteLeaseProvider: ProjectionLeaseProvider {
    private let databasePath: String
    private let local = LocalLeaseProvider()
    /// How often a runner waiting for another process's lease tries again.
    private let pollInterval: Duration
    private let rowCache: LeasedRowCache

    init(databasePath: String, rowCache: LeasedRowCache, pollInterval: Duration = .milliseconds(50)) {
        self.databasePath = databasePath
        self.rowCache = rowCache
        self.pollInterval = pollInterval
    }

    func acquire(_ projection: String) async throws -> any ProjectionLease {
        let inProcess = try await local.acquire(projection)
        let name = projection.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "_" }
            .joined()
        let path = "\(databasePath)-lease-\(name)"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            await inProcess.release()
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        do {
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                try await Task.sleep(for: pollInterval)
            }
        } catch {
            close(descriptor)
            await inProcess.release()
            throw error
        }
        rowCache.hold(projection)
        return FileLease(
            inProcess: inProcess, descriptor: descriptor, onRelease: { [rowCache] in rowCache.release(projection) })
    }
}

/// A lease held in process and by a file lock; released once.
private final class FileLease: ProjectionLease {
    private let inProcess: any ProjectionLease
    private let descriptor: Mutex<Int32?>
    private let onRelease: @Sendable () -> Void

    init(inProcess: any ProjectionLease, descriptor: Int32, onRelease: @escaping @Sendable () -> Void) {
        self.inProcess = inProcess
        self.descriptor = Mutex(descriptor)
        self.onRelease = onRelease
    }

    func isHeld() async -> Bool {
        guard descriptor.withLock({ $0 != nil }) else { return false }
        return await inProcess.isHeld()
    }

    func release() async {
        guard
            let fd = descriptor.withLock({ value -> Int32? in
                defer { value = nil }
                return value
            })
        else { return }
        onRelease()
        flock(fd, LOCK_UN)
        close(fd)
        await inProcess.release()
    }
}
