import CQRSTestSupport
import Testing

extension StoreKind: CustomTestStringConvertible {
    /// The store's name in test output.
    public var testDescription: String { rawValue }
}
