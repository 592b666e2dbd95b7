import CQRSHummingbird

/// How the HTTP API answers the shop's refusals: an order in the wrong state is a conflict with its
/// current state (409), a wrong amount a payment the client must fix (422).
extension OrderError: HTTPProblemConvertible {
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .cannotPay, .cannotCancel: .conflict
        case .wrongAmount: .unprocessableContent
        }
    }

    public var problemKind: String {
        switch self {
        case .cannotPay: "cannot-pay"
        case .cannotCancel: "cannot-cancel"
        case .wrongAmount: "wrong-amount"
        }
    }
}
