import CQRS

/// The stores the demo runs on.
struct ShopStores {
    var events: any CQRS.EventStore
    var readModels: any CQRS.ReadStore
    var description: String
    var shutdown: @Sendable () async throws -> Void = {}

    /// Opens the stores the arguments ask for (in memory for now).
    static func open(arguments: [String]) async throws -> ShopStores {
        ShopStores(events: InMemoryEventStore(), readModels: InMemoryReadStore(), description: "in memory")
    }

    /// Closes what was opened.
    func close() async throws { try await shutdown() }
}
