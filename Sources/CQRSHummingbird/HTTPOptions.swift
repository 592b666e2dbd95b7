/// The limits and waits of a domain's HTTP routes.
///
/// ```swift
/// shop.routes(on: router, options: HTTPOptions(maximumBodySize: 64 * 1024, consistencyTimeout: .seconds(2)))
/// ```
public struct HTTPOptions: Sendable {
    /// The largest request body read, in bytes; a larger one is refused with 413.
    public var maximumBodySize: Int
    /// How deeply a request body's arrays and objects may nest; a deeper one is refused with 400.
    public var maximumJSONDepth: Int
    /// How long a query sent with `Consistent-After` waits for its projection before answering 503.
    public var consistencyTimeout: Duration
    /// What a 503 tells the client to wait before it retries (`Retry-After`, in whole seconds).
    public var retryAfter: Duration
    /// The largest `pageSize` a query takes; a larger one is refused with 400.
    public var maximumPageSize: Int

    /// Creates options; the defaults suit most APIs.
    public init(
        maximumBodySize: Int = 1 << 20,
        maximumJSONDepth: Int = 32,
        consistencyTimeout: Duration = .seconds(5),
        retryAfter: Duration = .seconds(1),
        maximumPageSize: Int = 1000
    ) {
        self.maximumBodySize = maximumBodySize
        self.maximumJSONDepth = maximumJSONDepth
        self.consistencyTimeout = consistencyTimeout
        self.retryAfter = retryAfter
        self.maximumPageSize = maximumPageSize
    }
}
