/// `http:` of a command or query: how the generated HTTP API serves it, where the default does not fit.
///
/// ```yaml
/// PayOrder:
///   http: { method: PUT, path: /orders/{orderId}/payment }
/// InternalAdjustment:
///   http: false          # not served over HTTP
/// ```
public struct HTTPBinding: Hashable, Sendable {
    /// `false` for `http: false`: the operation gets no route.
    public var isServed: Bool
    /// `method:`, in capitals, if given.
    public var method: String?
    /// `path:`, if given.
    public var path: String?
    /// Where `http:`'s value stands in the spec.
    public var location: SourceLocation
    /// Where `path:`'s value stands, if given.
    public var pathLocation: SourceLocation?

    /// Creates a binding.
    public init(
        isServed: Bool = true, method: String? = nil, path: String? = nil, location: SourceLocation,
        pathLocation: SourceLocation? = nil
    ) {
        self.isServed = isServed
        self.method = method
        self.path = path
        self.location = location
        self.pathLocation = pathLocation
    }
}
