import Synchronization

/// Pages of the log read once for several projections that rebuild together: each page is read with every
/// projection's event types and handed to each projection with its own types only, and its payloads are
/// decoded once for all of them (``DecodedPayloads``).
///
/// Projections that start together read the same sequence of pages (each starts where the page before
/// ended), so a page read for the first is waiting for the others. The few most recent pages are kept; a
/// projection that falls further behind, or asks for another start, reads the store on its own.
final class SharedLogPages: EventPageSource {
    private struct Key: Hashable {
        var after: Int64
        var limit: Int
    }

    private struct State {
        var pages: [Key: Task<SourcedPage, any Error>] = [:]
        /// Keys in the order their pages were read, oldest first.
        var order: [Key] = []
    }

    private let store: any EventStore
    private let eventTypes: Set<String>
    private let maximumPages: Int
    private let state = Mutex(State())

    /// Pages of `store` with the events of any of `eventTypes`, keeping the `maximumPages` most recent.
    init(store: any EventStore, eventTypes: Set<String>, maximumPages: Int = 8) {
        self.store = store
        self.eventTypes = eventTypes
        self.maximumPages = max(maximumPages, 1)
    }

    func page(after position: Int64, limit: Int, eventTypes wanted: Set<String>) async throws -> SourcedPage {
        guard wanted.isSubset(of: eventTypes) else {
            return try await StorePages(store: store).page(after: position, limit: limit, eventTypes: wanted)
        }
        let key = Key(after: position, limit: limit)
        let (store, eventTypes) = (self.store, self.eventTypes)
        let read = state.withLock { state in
            if let known = state.pages[key] { return known }
            let read = Task {
                SourcedPage(
                    page: try await store.readAll(after: position, limit: limit, eventTypes: eventTypes),
                    payloads: DecodedPayloads())
            }
            state.pages[key] = read
            state.order.append(key)
            while state.order.count > maximumPages { state.pages[state.order.removeFirst()] = nil }
            return read
        }
        var shared: SourcedPage
        do {
            shared = try await read.value
        } catch {
            forget(key, read: read)  // the next attempt reads again
            throw error
        }
        // The end of the log is not kept: what follows it is still to be written.
        if shared.page.lastPosition == position { forget(key, read: read) }
        if wanted != eventTypes { shared.page.events.removeAll { !wanted.contains($0.eventType) } }
        return shared
    }

    /// Drops the page read by `read` under `key`, unless another read has taken its place.
    private func forget(_ key: Key, read: Task<SourcedPage, any Error>) {
        state.withLock { state in
            guard state.pages[key] == read else { return }
            state.pages[key] = nil
            state.order.removeAll { $0 == key }
        }
    }
}
