/// The spec's field constraints, as checks that append a ``ConstraintViolation`` when they fail. Generated
/// `validate(path:into:)` methods call these, one line per constraint.
///
/// ```swift
/// func validate(path: String, into violations: inout [CQRS.ConstraintViolation]) {
///     CQRS.Constraints.minLength(userId, 1, field: path + "userId", into: &violations)
///     CQRS.Constraints.exclusiveMinimum(totalUSD, 0, field: path + "totalUSD", into: &violations)
/// }
/// ```
public enum Constraints {
    /// `value >= bound`.
    public static func minimum<T: Comparable>(
        _ value: T,
        _ bound: T,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if !(value >= bound) {
            violations.append(.init(field: field, constraint: "minimum", message: "must be at least \(bound)"))
        }
    }

    /// `value <= bound`.
    public static func maximum<T: Comparable>(
        _ value: T,
        _ bound: T,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if !(value <= bound) {
            violations.append(.init(field: field, constraint: "maximum", message: "must be at most \(bound)"))
        }
    }

    /// `value > bound`.
    public static func exclusiveMinimum<T: Comparable>(
        _ value: T,
        _ bound: T,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if !(value > bound) {
            violations.append(
                .init(field: field, constraint: "exclusiveMinimum", message: "must be greater than \(bound)")
            )
        }
    }

    /// `value < bound`.
    public static func exclusiveMaximum<T: Comparable>(
        _ value: T,
        _ bound: T,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if !(value < bound) {
            violations.append(
                .init(field: field, constraint: "exclusiveMaximum", message: "must be less than \(bound)")
            )
        }
    }

    /// At least `length` characters.
    public static func minLength(
        _ value: String,
        _ length: Int,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if value.count < length {
            violations.append(
                .init(field: field, constraint: "minLength", message: "must have at least \(characters(length))")
            )
        }
    }

    /// At most `length` characters.
    public static func maxLength(
        _ value: String,
        _ length: Int,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if value.count > length {
            violations.append(
                .init(field: field, constraint: "maxLength", message: "must have at most \(characters(length))")
            )
        }
    }

    /// At least `minimum` elements (pass the collection's `count`).
    public static func minItems(
        _ count: Int,
        _ minimum: Int,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if count < minimum {
            violations.append(
                .init(field: field, constraint: "minItems", message: "must have at least \(items(minimum))")
            )
        }
    }

    /// At most `maximum` elements (pass the collection's `count`).
    public static func maxItems(
        _ count: Int,
        _ maximum: Int,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if count > maximum {
            violations.append(
                .init(field: field, constraint: "maxItems", message: "must have at most \(items(maximum))")
            )
        }
    }

    /// The pattern matches somewhere in `value`.
    public static func pattern(
        _ value: String,
        _ pattern: Pattern,
        field: String,
        into violations: inout [ConstraintViolation]
    ) {
        if !pattern.matches(value) {
            violations.append(
                .init(field: field, constraint: "pattern", message: "must match the pattern \(pattern.source)")
            )
        }
    }

    private static func characters(_ count: Int) -> String { count == 1 ? "1 character" : "\(count) characters" }
    private static func items(_ count: Int) -> String { count == 1 ? "1 item" : "\(count) items" }
}
