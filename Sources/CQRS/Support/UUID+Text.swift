import Foundation

extension UUID {
    /// The upper-case text form, as `uuidString` returns it, without Foundation's formatted printing (which
    /// costs thousands of instructions on Linux): for ids formatted on every delivery or command.
    var uuidText: String { PayloadScalars.uuidText(self) }
}
