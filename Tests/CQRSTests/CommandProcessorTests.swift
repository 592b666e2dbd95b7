import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Command processor")
struct CommandProcessorTests {
    let store = InMemoryEventStore()
    var processor: CommandProcessor { CommandProcessor(eventStore: store) }

    @Test func placesAndPaysAnOrder() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let placed = try await processor.send(place)
        #expect(placed.streamID == StreamID(category: "Order", id: place.orderId.uuidString))
        #expect(placed.version == 1)
        #expect(placed.position == 1)
        #expect(placed.eventCount == 1)
        #expect(placed.isDuplicate == false)

        let options = CommandOptions(correlationID: UUID(), metadata: ["user": "ada"])
        let paid = try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12), options: options)
        #expect(paid.version == 2)
        #expect(paid.position == 2)
        #expect(paid.commandID == options.commandID)

        let events = try await store.readStream(placed.streamID)
        #expect(
            try events.map(Shop.Order.Definition.decode) == [
                .orderPlaced(.init(userId: "ada", items: ["book"], totalUSD: 12, placedAt: fixedDate)),
                .orderPaid(.init(amountUSD: 12)),
            ])
        #expect(events[1].causationID == options.commandID)
        #expect(events[1].correlationID == options.correlationID)
        #expect(events[1].metadata == ["user": "ada"])
    }

    @Test func rejectsAnInvalidCommandListingEveryViolation() async throws {
        let command = Shop.PlaceOrder(userId: "", items: [], totalUSD: 0)
        let error = try await #require(throws: CommandValidationError.self) {
            try await processor.send(command)
        }
        #expect(error.command == "PlaceOrder")
        #expect(error.violations.map(\.field) == ["userId", "items", "totalUSD"])
        #expect(error.violations.map(\.constraint) == ["minLength", "minItems", "exclusiveMinimum"])
        #expect(error.description.contains("totalUSD: must be greater than 0"))
        #expect(try await store.headPosition() == 0)
    }

    @Test func anEmptyStringIdentifierIsRefusedBeforeTheStoreIsUsed() async throws {
        // Whatever the spec says: an empty identifier would name the stream `Tally-`.
        let error = try await #require(throws: CommandValidationError.self) {
            try await processor.add(1, to: "", using: TallyV1(), creates: true)
        }
        #expect(error.command == "AdHocCreate")
        #expect(
            error.violations == [
                ConstraintViolation(
                    field: "aggregateID", constraint: "minLength", message: "must have at least 1 character")
            ])
        #expect(try await store.headPosition() == 0)
        try await processor.add(1, to: "t1", using: TallyV1(), creates: true)
        #expect(try await store.headPosition() == 1)
    }

    @Test func aResentCommandReturnsTheFirstReceipt() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let options = CommandOptions()
        let first = try await processor.send(place, options: options)
        let again = try await processor.send(place, options: options)

        var expected = first
        expected.isDuplicate = true
        #expect(again == expected)
        #expect(try await store.headPosition() == 1)

        // A resend of a payment, which deciding again would accept: no second payment.
        let pay = Shop.PayOrder(orderId: place.orderId, amountUSD: 12)
        let payOptions = CommandOptions()
        let paid = try await processor.send(pay, options: payOptions)
        let paidAgain = try await processor.send(pay, options: payOptions)
        #expect(paidAgain.isDuplicate)
        #expect(paidAgain.position == paid.position)
        #expect(try await store.headPosition() == 2)
    }

    @Test func concurrentResendsAppendOnce() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let options = CommandOptions()
        let receipts = try await withThrowingTaskGroup(of: CommandReceipt.self) { group in
            for _ in 0..<8 { group.addTask { try await processor.send(place, options: options) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(receipts.filter { !$0.isDuplicate }.count <= 1)
        #expect(Set(receipts.map(\.position)) == [1])
        #expect(try await store.headPosition() == 1)
    }

    /// Where a resend of the same command, handled by another processor, slips in.
    enum RacingResend: CaseIterable, Sendable {
        /// Before the stream is read (with `decidesOnCachedState` off, so that it is read): the resend's
        /// events make the stream exist, or make `decide` refuse.
        case beforeTheLoad
        /// Between the decision and the append: the append finds the command id.
        case beforeTheAppend
    }

    @Test(arguments: RacingResend.allCases)
    func aResendHandledConcurrentlyGetsTheFirstReceipt(_ race: RacingResend) async throws {
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(
            eventStore: spy, configuration: .init(decidesOnCachedState: race == .beforeTheAppend))
        let racing = CommandProcessor(eventStore: store)
        func racingResend(_ action: @escaping @Sendable () async throws -> Void) {
            switch race {
            case .beforeTheLoad: spy.beforeNextStreamRead(action)
            case .beforeTheAppend: spy.beforeNextAppend(action)
            }
        }
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let options = CommandOptions()
        racingResend { _ = try await racing.send(place, options: options) }
        let placed = try await processor.send(place, options: options)
        #expect(placed.isDuplicate)
        #expect(placed.position == 1)

        // A command `decide` refuses a second time: the racing resend cancels the order first.
        let cancel = Shop.CancelOrder(orderId: place.orderId)
        let cancelOptions = CommandOptions()
        racingResend { _ = try await racing.send(cancel, options: cancelOptions) }
        let cancelled = try await processor.send(cancel, options: cancelOptions)
        #expect(cancelled.isDuplicate)
        #expect(cancelled.position == 2)
        #expect(try await store.headPosition() == 2)

        // A different command id is still refused.
        await #expect(throws: OrderError.cannotCancel(.cancelled)) { try await processor.send(cancel) }
    }

    @Test func aCreatingCommandOnAnExistingStreamFails() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        let again = Shop.PlaceOrder(orderId: place.orderId, userId: "bob", items: ["pen"], totalUSD: 3)
        let error = await #expect(throws: CommandError.self) { try await processor.send(again) }
        guard case .streamAlreadyExists(let stream)? = error else {
            Issue.record("expected streamAlreadyExists, got \(String(describing: error))")
            return
        }
        #expect(stream == Shop.Order.Definition.streamID(place.orderId))
        #expect(try await store.headPosition() == 1)
    }

    @Test func aCommandOnAMissingStreamFails() async throws {
        let id = UUID()
        let error = await #expect(throws: CommandError.self) {
            try await processor.send(Shop.PayOrder(orderId: id, amountUSD: 12))
        }
        guard case .streamNotFound(let stream)? = error else {
            Issue.record("expected streamNotFound, got \(String(describing: error))")
            return
        }
        #expect(stream == StreamID(category: "Order", id: id.uuidString))
    }

    @Test func theUsersOwnErrorsPassThroughUnchanged() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        await #expect(throws: OrderError.wrongAmount) {
            try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 11))
        }
        try await processor.send(Shop.CancelOrder(orderId: place.orderId))
        await #expect(throws: OrderError.cannotCancel(.cancelled)) {
            try await processor.send(Shop.CancelOrder(orderId: place.orderId))
        }
    }

    @Test func aDecisionWithoutEventsAppendsNothing() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        let receipt = try await processor.handle(
            AdHocCommand(place.orderId) { _, _ in [Shop.PayOrder.Emits]() }, with: orderDefinition)
        #expect(receipt.eventCount == 0)
        #expect(receipt.version == 1)
        #expect(receipt.position == 0)
        #expect(try await store.headPosition() == 1)
    }

    @Test func aHandWrittenValidateIsCalledByTheProcessor() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        var command = AdHocCommand<Shop.Order.Definition, Shop.PayOrder.Emits, ExistingStream>(place.orderId) { _, _ in
            [.orderPaid(Shop.OrderPaid(amountUSD: 1))]
        }
        command.violations = [ConstraintViolation(field: "x", constraint: "minimum", message: "must be at least 1")]
        let refused = command
        let error = try await #require(throws: CommandValidationError.self) {
            try await processor.handle(refused, with: orderDefinition)
        }
        #expect(error.violations.map { $0.field } == ["x"])
        #expect(try await store.headPosition() == 1)
    }

    @Test func aStateLoadedFromTheStoreMatchesTheCachedOne() async throws {
        // Two processors share the store; the second has no cache and folds the events.
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        let cold = CommandProcessor(eventStore: store, configuration: .init(stateCacheCapacity: 0))
        await #expect(throws: OrderError.wrongAmount) {
            try await cold.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 1))
        }
        try await cold.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
    }

    @Test(arguments: [true, false])
    func aCachedStateIsBroughtUpToDateWithLaterEvents(decidesOnCachedState: Bool) async throws {
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(
            eventStore: spy, configuration: .init(decidesOnCachedState: decidesOnCachedState))
        let other = CommandProcessor(eventStore: store)
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        // Another process cancels the order behind the first processor's cache.
        try await other.send(Shop.CancelOrder(orderId: place.orderId))
        await #expect(throws: OrderError.cannotPayCancelledOrder) {
            try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        }
        #expect(try await store.headPosition() == 2)
        if decidesOnCachedState {
            // The first command read nothing (it creates the stream); the second was decided on the cached
            // state, its append conflicted, and it read only the events after the cached version 1.
            #expect(spy.streamReads == [2])
        } else {
            // Each command read the store first; the second only after the cached version 1.
            #expect(spy.streamReads == [1, 2])
        }
    }

    @Test func aRefusalOfACachedStateIsCheckedAgainstTheStore() async throws {
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(eventStore: spy)
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        try await processor.send(Shop.CancelOrder(orderId: place.orderId))
        #expect(spy.streamReads.isEmpty)
        await #expect(throws: OrderError.cannotCancel(.cancelled)) {
            try await processor.send(Shop.CancelOrder(orderId: place.orderId))
        }
        #expect(spy.streamReads == [3])
    }

    @Test func aCreatingCommandOnAnExistingStreamIsRefusedAfterItsAppendConflicts() async throws {
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(eventStore: spy)
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await CommandProcessor(eventStore: store).send(place)
        let again = Shop.PlaceOrder(orderId: place.orderId, userId: "bob", items: ["pen"], totalUSD: 3)
        let error = await #expect(throws: CommandError.self) { try await processor.send(again) }
        guard case .streamAlreadyExists? = error else {
            Issue.record("expected streamAlreadyExists, got \(String(describing: error))")
            return
        }
        #expect(spy.streamReads == [1])
        #expect(try await store.headPosition() == 1)
    }

    // MARK: The version a client last saw

    @Test func aCommandWithTheVersionTheClientSawSucceeds() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let placed = try await processor.send(place, options: .init(expectedVersion: 0))
        let paid = try await processor.send(
            Shop.PayOrder(orderId: place.orderId, amountUSD: 12), options: .init(expectedVersion: placed.version))
        #expect(paid.version == 2)
    }

    @Test(arguments: [true, false])
    func aCommandWithAnOlderVersionFailsWithoutRetrying(decidesOnCachedState: Bool) async throws {
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(
            eventStore: spy, configuration: .init(decidesOnCachedState: decidesOnCachedState))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let placed = try await processor.send(place)
        // Another writer moves the stream on behind this processor's cache.
        try await CommandProcessor(eventStore: store).send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        let error = await #expect(throws: CommandError.self) {
            try await processor.send(
                Shop.PayOrder(orderId: place.orderId, amountUSD: 12), options: .init(expectedVersion: placed.version))
        }
        guard case .concurrencyConflict(let conflict, let attempts)? = error else {
            Issue.record("expected concurrencyConflict, got \(String(describing: error))")
            return
        }
        #expect(conflict.expected == .exact(1))
        #expect(conflict.actual == 2)
        #expect(attempts == 1)
        #expect(try await store.headPosition() == 2)
    }

    @Test func aConflictingAppendWithTheClientsVersionIsNotRetried() async throws {
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(eventStore: spy, configuration: .init(decidesOnCachedState: false))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let placed = try await processor.send(place)
        // The stored state matches the client's version, but a writer appends between the read and the append.
        spy.injectConflicts(1)
        let error = await #expect(throws: CommandError.self) {
            try await processor.send(
                Shop.PayOrder(orderId: place.orderId, amountUSD: 12), options: .init(expectedVersion: placed.version))
        }
        guard case .concurrencyConflict(_, let attempts)? = error else {
            Issue.record("expected concurrencyConflict, got \(String(describing: error))")
            return
        }
        #expect(attempts == 1)
        // Only the interloper's event was appended.
        #expect(try await store.headPosition() == 2)
    }

    @Test func aResendWithTheClientsVersionGetsTheFirstReceipt() async throws {
        let processor = processor
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let placed = try await processor.send(place)
        let options = CommandOptions(expectedVersion: placed.version)
        let pay = Shop.PayOrder(orderId: place.orderId, amountUSD: 12)
        let first = try await processor.send(pay, options: options)
        let again = try await processor.send(pay, options: options)
        #expect(again.isDuplicate)
        #expect(again.version == first.version)
    }

    @Test func decideSeesTheStreamItsVersionAndTheProcessorsClock() async throws {
        let fixed = Date(timeIntervalSince1970: 1_714_564_800)
        let processor = CommandProcessor(eventStore: store, configuration: .init(now: { fixed }))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        let seen = Seen<DecisionContext>()
        let options = CommandOptions()
        try await processor.handle(
            AdHocCommand(place.orderId) { _, context in
                seen.record(context)
                return [Shop.PayOrder.Emits]()
            },
            with: orderDefinition,
            options: options
        )
        #expect(
            seen.last
                == DecisionContext(
                    stream: Shop.Order.Definition.streamID(place.orderId), version: 2, commandID: options.commandID,
                    now: fixed))
    }
}
