import Foundation

/// Writes text to the standard error stream.
enum StandardError {
    /// Writes `text` and a line break.
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
