import CQRS
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The request headers that shape a command (`Idempotency-Key`, `If-Match`, `If-None-Match`) and the
/// response headers that describe its outcome (`ETag`, `Consistency-Token`, `Idempotent-Replayed`).
public enum CommandHeaders {
    /// `Idempotency-Key`: a resend with the same key (from the same identity, to the same command) gets
    /// the first response and appends nothing.
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Consistency-Token`: the position of a command's last event; send it back as `Consistent-After`.
    public static let consistencyToken = HTTPField.Name("Consistency-Token")!
    /// `Consistent-After`: a query waits until its read model has what the command of that token wrote.
    public static let consistentAfter = HTTPField.Name("Consistent-After")!
    /// `Idempotent-Replayed: true` on the response to a resend.
    public static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!

    /// The command options a request's headers ask for: its command id (from `Idempotency-Key`, else a
    /// fresh one), its expected version (from `If-Match: "N"`, or `If-None-Match: *` for a stream that must
    /// not exist), and the identity's subject in the metadata.
    ///
    /// - Throws: ``HTTPProblem`` 400 for a malformed header.
    static func options(
        for request: Request, commandName: String, identity: HTTPIdentity?
    ) throws -> (options: CommandOptions, precondition: CommandPrecondition) {
        var options = CommandOptions()
        if let key = request.headers[idempotencyKey] {
            options.commandID = try commandID(forKey: key, commandName: commandName, subject: identity?.subject)
        }
        let precondition = try preconditions(of: request, into: &options, identity: identity)
        return (options, precondition)
    }

    /// Sets `options`' expected version from `If-Match` or `If-None-Match`, and its metadata's subject;
    /// returns the precondition given.
    private static func preconditions(
        of request: Request, into options: inout CommandOptions, identity: HTTPIdentity?
    ) throws -> CommandPrecondition {
        var precondition = CommandPrecondition.none
        if let ifMatch = request.headers[.ifMatch] {
            options.expectedVersion = try expectedVersion(ifMatch: ifMatch)
            if options.expectedVersion != nil { precondition = .ifMatch }
        }
        if let ifNoneMatch = request.headers[.ifNoneMatch] {
            guard ifNoneMatch.trimmingCharacters(in: .whitespaces) == "*", precondition == .none else {
                throw HTTPProblem.badRequest(
                    "If-None-Match takes only `*` (the stream must not exist yet), without If-Match",
                    parameter: "If-None-Match")
            }
            options.expectedVersion = 0
            precondition = .ifNoneMatch
        }
        if let identity {
            options.metadata["subject"] = identity.subject
        }
        return precondition
    }

    /// The command id of an idempotency key: the same for the same subject, command and key, and unlike
    /// any other's (the first 16 bytes of a SHA-256, as a version 8 UUID). `commandName` names the
    /// command with its aggregate (`Order.PlaceOrder`), since two aggregates' commands may share a name.
    ///
    /// - Throws: ``HTTPProblem`` 400 when the key is empty, longer than 255 characters, or holds a
    ///   character that is not visible ASCII.
    public static func commandID(forKey header: String, commandName: String, subject: String?) throws -> UUID {
        var key = header.trimmingCharacters(in: .whitespaces)
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw HTTPProblem.badRequest(
                "Idempotency-Key is 1 to 255 visible ASCII characters, like a UUID", parameter: "Idempotency-Key")
        }
        var hash = SHA256()
        for part in ["cqrs.http-idempotency-key", subject ?? "", commandName, key] {
            hash.update(data: Array(part.utf8) + [0])
        }
        var bytes = Array(hash.finalize().prefix(16))
        return bytes.withUnsafeMutableBytes { UUID.version8($0) }
    }

    /// The version `If-Match` expects: `"N"` gives N; `*` gives `nil` (any version of an existing stream,
    /// which every command but a creating one asks anyway).
    static func expectedVersion(ifMatch header: String) throws -> Int64? {
        let value = header.trimmingCharacters(in: .whitespaces)
        if value == "*" { return nil }
        guard value.count >= 3, value.hasPrefix("\""), value.hasSuffix("\""),
            let version = Int64(value.dropFirst().dropLast()), version >= 1
        else {
            throw HTTPProblem.badRequest(
                "If-Match takes one entity tag a response gave (ETag, like \"3\"), or `*`", parameter: "If-Match")
        }
        return version
    }

    /// The `ETag` of a stream at `version`.
    public static func entityTag(version: Int64) -> String { "\"\(version)\"" }

    /// The position `Consistent-After` names, or `nil` when the request has none.
    static func consistentAfter(_ request: Request) throws -> Int64? {
        guard let header = request.headers[consistentAfter] else { return nil }
        guard let position = Int64(header.trimmingCharacters(in: .whitespaces)), position >= 0 else {
            throw HTTPProblem.badRequest(
                "Consistent-After takes the Consistency-Token a command's response gave", parameter: "Consistent-After")
        }
        return position
    }
}

/// The precondition a command's request gave, which decides whether a stream that exists (or does
/// not) is a 412 or the command's own 409 (or 404).
public enum CommandPrecondition: Sendable, Hashable {
    /// Neither `If-Match` (but `*`) nor `If-None-Match`.
    case none
    /// `If-Match: "N"`: the stream exists, at version N.
    case ifMatch
    /// `If-None-Match: *`: the stream does not exist yet.
    case ifNoneMatch
}
