import CQRS

/// An error's description for an HTTP client: an RFC 9457 problem, sent as `application/problem+json`.
///
/// ```json
/// {"type":"urn:cqrs:problem:invalid-command","title":"The command breaks its constraints","status":422,
///  "errors":[{"field":"totalUSD","pointer":"/totalUSD","constraint":"exclusiveMinimum","message":"must be greater than 0"}]}
/// ```
public struct ProblemDetails: Sendable, Hashable {
    /// One constraint a command or query breaks.
    public struct Violation: Sendable, Hashable {
        /// The field, as the spec names it (`items[2].sku`).
        public var field: String
        /// The field as a JSON pointer into the request body (`/items/2/sku`).
        public var pointer: String
        /// The constraint (`minLength`, `pattern`, …).
        public var constraint: String
        /// What the constraint asks.
        public var message: String

        /// Creates a violation.
        public init(field: String, pointer: String, constraint: String, message: String) {
            self.field = field
            self.pointer = pointer
            self.constraint = constraint
            self.message = message
        }

        /// The HTTP form of a constraint violation.
        public init(_ violation: ConstraintViolation) {
            self.init(
                field: violation.field, pointer: JSONPointer.pointer(field: violation.field),
                constraint: violation.constraint, message: violation.message)
        }
    }

    /// A URI naming the kind of problem (`urn:cqrs:problem:stream-not-found`).
    public var type: String
    /// A short summary of the kind of problem, the same for every problem of its type.
    public var title: String
    /// The HTTP status.
    public var status: Int
    /// What went wrong this time, for a person.
    public var detail: String?
    /// Where in the request body the problem is, as a JSON pointer (`/items/0`; `""` for the whole body).
    public var pointer: String?
    /// The path or query parameter, or header, at fault.
    public var parameter: String?
    /// Every constraint broken, for a 422.
    public var errors: [Violation]

    /// Creates a problem.
    public init(
        type: String, title: String, status: Int, detail: String? = nil, pointer: String? = nil,
        parameter: String? = nil, errors: [Violation] = []
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.pointer = pointer
        self.parameter = parameter
        self.errors = errors
    }

    /// The problem as JSON.
    public func json() -> [UInt8] {
        var writer = PayloadWriter()
        writer.beginObject()
        try? writer.member("type", type)
        try? writer.member("title", title)
        try? writer.member("status", status)
        try? writer.member("detail", ifPresent: detail)
        try? writer.member("pointer", ifPresent: pointer)
        try? writer.member("parameter", ifPresent: parameter)
        if !errors.isEmpty {
            try? writer.member("errors", errors)
        }
        writer.endObject()
        return writer.bytes
    }
}

extension ProblemDetails.Violation: PayloadValue {
    /// Writes the violation as a JSON object.
    public func writePayload(to writer: inout PayloadWriter) throws {
        writer.beginObject()
        try writer.member("field", field)
        try writer.member("pointer", pointer)
        try writer.member("constraint", constraint)
        try writer.member("message", message)
        writer.endObject()
    }
}
