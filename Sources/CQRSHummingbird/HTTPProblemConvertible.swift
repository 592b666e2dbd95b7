import Hummingbird

/// An error of your own (thrown by an aggregate's `decide`, say) that chooses how the HTTP API answers it.
/// An error that does not conform is answered 422, its description the problem's detail.
///
/// ```swift
/// extension OrderError: HTTPProblemConvertible {
///     var httpStatus: HTTPResponse.Status {
///         switch self {
///         case .alreadyPaid: .conflict
///         case .wrongAmount: .unprocessableContent
///         }
///     }
/// }
/// ```
public protocol HTTPProblemConvertible: Error {
    /// The status the error is answered with.
    var httpStatus: HTTPResponse.Status { get }
    /// The last part of the problem's type, `urn:cqrs:problem:<kind>`; by default `refused`.
    var problemKind: String { get }
    /// The problem's detail; by default the error's description.
    var problemDetail: String { get }
}

extension HTTPProblemConvertible {
    /// `refused`.
    public var problemKind: String { "refused" }
    /// The error's description.
    public var problemDetail: String { String(describing: self) }
}
