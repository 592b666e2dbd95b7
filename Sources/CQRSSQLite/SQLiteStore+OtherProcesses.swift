import CQRS
import Foundation

extension SQLiteStore {
    /// Starts (once) a task that reads the log's head every ``SQLiteConfiguration/otherProcessesPollInterval``
    /// and passes a newer one to ``CQRS/EventStore/appendNotifications()``: the runners of one process learn
    /// of the appends another process commits to the same file (this process's own are passed on at once).
    /// The task ends with the store.
    func watchOtherProcesses() {
        guard let interval = configuration.otherProcessesPollInterval else { return }
        let starts = watchesOtherProcesses.withLock { watching in
            defer { watching = true }
            return !watching
        }
        guard starts else { return }
        Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let store = self else { return }
                if let head = try? await store.headPosition() { store.notifier.publish(head) }
            }
        }
    }
}
