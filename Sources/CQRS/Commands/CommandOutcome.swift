/// What became of a command: accepted (its receipt), or refused by its target. Infrastructure errors are
/// thrown instead, since retrying may help them and cannot help a refusal.
///
/// ```swift
/// switch try await processor.submit(command, with: definition) {
/// case .accepted(let receipt): print(receipt.version)
/// case .refused(let refusal): print("refused:", refusal)
/// }
/// ```
public enum CommandOutcome: Sendable {
    /// The command was handled (or was a resend of one that was): its receipt.
    case accepted(CommandReceipt)
    /// Its target refused it.
    case refused(CommandRefusal)
}

/// Why a command's target refused it: the command breaks its constraints, its stream does not exist (or
/// already does, for a creating command), or the aggregate's `decide` threw. Retrying at once cannot help;
/// the same command may be accepted later, once the target's state changed (so a reaction records the
/// refusal, and a redelivered event finds it refused again).
public struct CommandRefusal: Error, Sendable, CustomStringConvertible {
    /// The command's name, if a command was refused (a refused call-out has none).
    public var command: String?
    /// The error the target threw, as it was thrown: a ``CommandValidationError``, a ``CommandError``, the
    /// aggregate's own error, or a ``ReactionRefusal``.
    public var error: any Error

    /// Creates a refusal.
    public init(command: String?, error: any Error) {
        self.command = command
        self.error = error
    }

    /// The command and the error.
    public var description: String {
        command.map { "\($0) was refused: \(error)" } ?? "refused: \(error)"
    }
}
