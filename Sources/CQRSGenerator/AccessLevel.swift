/// The access level of generated declarations.
///
/// `public` suits a library target whose users see the domain types; `internal` suits an
/// executable or a test target.
public enum AccessLevel: String, CaseIterable, Sendable {
    /// Visible to every module that imports the target.
    case `public`
    /// Visible to the targets of the same package.
    case `package`
    /// Visible inside the target only.
    case `internal`
}
