import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Concurrent commands", .timeLimit(.minutes(1)))
struct ConcurrencyTests {
    @Test func concurrentSendersOnOneStreamLoseNothing() async throws {
        let store = InMemoryEventStore()
        let processor = CommandProcessor(eventStore: store, configuration: .init(maxConflictRetries: 1_000))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)

        let senders = 50
        let receipts = try await withThrowingTaskGroup(of: CommandReceipt.self) { group in
            for _ in 0..<senders {
                group.addTask { try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let events = try await store.readStream(StreamID(category: "Order", id: place.orderId.uuidString))
        #expect(events.count == senders + 1)
        #expect(events.map(\.streamVersion) == Array(1...Int64(senders + 1)))
        #expect(Set(receipts.map(\.version)) == Set(2...Int64(senders + 1)))
    }

    @Test func concurrentSendersWithoutRetriesAreEitherAppendedOrReported() async throws {
        let store = InMemoryEventStore()
        let processor = CommandProcessor(eventStore: store, configuration: .init(maxConflictRetries: 0))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)

        let senders = 50
        let outcomes = await withTaskGroup(of: Result<CommandReceipt, any Error>.self) { group in
            for _ in 0..<senders {
                group.addTask {
                    do {
                        return .success(try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12)))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var appended = 0
        for outcome in outcomes {
            switch outcome {
            case .success: appended += 1
            case .failure(CommandError.concurrencyConflict(let conflict, let attempts)):
                #expect(attempts == 1)
                #expect(conflict.stream == StreamID(category: "Order", id: place.orderId.uuidString))
            case .failure(let error): Issue.record("unexpected \(error)")
            }
        }
        let events = try await store.readStream(StreamID(category: "Order", id: place.orderId.uuidString))
        #expect(events.count == appended + 1)
    }

    @Test func aConflictIsRetriedWithTheNewState() async throws {
        let spy = SpyEventStore(InMemoryEventStore())
        let processor = CommandProcessor(eventStore: spy, configuration: .init(maxConflictRetries: 3))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)

        spy.injectConflicts(2)
        let receipt = try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        // Two interlopers got in first; the third attempt appended after them.
        #expect(receipt.version == 4)
        #expect(try await spy.readStream(receipt.streamID).count == 4)
    }

    @Test func aStaleCachedStateIsNotAConflictEvenWithoutRetries() async throws {
        let store = InMemoryEventStore()
        let processor = CommandProcessor(eventStore: store, configuration: .init(maxConflictRetries: 0))
        let other = CommandProcessor(eventStore: store)
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        // Another process writes behind the processor's cache: its next command conflicts once, on the
        // cached state, and is decided again on the stored one.
        try await other.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        let receipt = try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        #expect(receipt.version == 3)
        // A creating command on an existing stream is refused as such, not reported as a conflict.
        let again = Shop.PlaceOrder(orderId: place.orderId, userId: "bob", items: ["pen"], totalUSD: 3)
        let error = await #expect(throws: CommandError.self) { try await processor.send(again) }
        guard case .streamAlreadyExists? = error else {
            Issue.record("expected streamAlreadyExists, got \(String(describing: error))")
            return
        }
    }

    @Test func tooManyConflictsAreReported() async throws {
        let spy = SpyEventStore(InMemoryEventStore())
        let processor = CommandProcessor(eventStore: spy, configuration: .init(maxConflictRetries: 3))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)

        // The first append, decided on the cached state, conflicts without counting; then 4 attempts on the
        // stored state (the first and 3 retries) conflict too.
        spy.injectConflicts(5)
        let error = await #expect(throws: CommandError.self) {
            try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        }
        guard case .concurrencyConflict(let conflict, let attempts)? = error else {
            Issue.record("expected concurrencyConflict, got \(String(describing: error))")
            return
        }
        #expect(attempts == 4)
        #expect(conflict.expected == .exact(5))
        #expect(conflict.actual == 6)
        // Only the interlopers' events were appended.
        #expect(try await spy.readStream(conflict.stream).count == 6)
    }
}
