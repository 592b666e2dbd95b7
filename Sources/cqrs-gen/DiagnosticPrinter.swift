import CQRSSpec

/// Prints diagnostics in the compiler's format (`path:line:col: severity: message`, then its notes)
/// and counts them, for a summary at the end.
struct DiagnosticPrinter {
    /// Where the text goes; standard error by default.
    var write: (String) -> Void = StandardError.write
    /// Errors printed so far.
    private(set) var errorCount = 0
    /// Warnings printed so far.
    private(set) var warningCount = 0

    /// Prints `diagnostics` in order.
    mutating func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: errorCount += 1
            case .warning: warningCount += 1
            case .note: break
            }
            write(diagnostic.description)
        }
    }

    /// Prints a one-line message as an error that belongs to no position in a file
    /// (`cqrs-gen: error: cannot read 'x.cqrs.yaml': no such file`).
    func printFailure(_ message: String) {
        write("cqrs-gen: error: \(message)")
    }

    /// `"2 errors and 1 warning"`, or `nil` when nothing was printed.
    var summary: String? {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        switch (errorCount, warningCount) {
        case (0, 0): return nil
        case (_, 0): return count(errorCount, "error")
        case (0, _): return count(warningCount, "warning")
        default: return "\(count(errorCount, "error")) and \(count(warningCount, "warning"))"
        }
    }
}
