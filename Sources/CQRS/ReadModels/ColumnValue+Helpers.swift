extension ColumnValue {
    /// Reads an enum stored by its case name (``ColumnValue/string(_:)``); for the ``ColumnConvertible``
    /// conformance of generated enums.
    ///
    /// ```swift
    /// init(columnValue: CQRS.ColumnValue) throws {
    ///     self = try CQRS.ColumnValue.decodeEnum(columnValue, as: Self.self)
    /// }
    /// ```
    public static func decodeEnum<T: RawRepresentable>(_ value: ColumnValue, as type: T.Type) throws -> T
    where T.RawValue == String {
        guard case .string(let name) = value else { throw ColumnConversionError(expected: .string, found: value) }
        guard let decoded = T(rawValue: name) else {
            throw ColumnConversionError(expected: .string, found: value, reason: "not a case of \(T.self)")
        }
        return decoded
    }

    /// Reads an enum with whole-number raw values from its integer column, for generated
    /// `init(columnValue:)`.
    public static func decodeEnum<T: RawRepresentable>(_ value: ColumnValue, as type: T.Type) throws -> T
    where T.RawValue == Int {
        guard case .int(let number) = value else { throw ColumnConversionError(expected: .int, found: value) }
        guard let raw = Int(exactly: number), let decoded = T(rawValue: raw) else {
            throw ColumnConversionError(expected: .int, found: value, reason: "not a case of \(T.self)")
        }
        return decoded
    }
}

extension ReadModelSchema {
    /// Checks that a stored row has one value per column; for generated `init(columns:)`.
    ///
    /// ```swift
    /// init(columns: [CQRS.ColumnValue]) throws {
    ///     try CQRS.ReadModelSchema.checkColumnCount(columns, of: Self.schema)
    ///     self.orderId = try UUID(columnValue: columns[0])
    /// }
    /// ```
    public static func checkColumnCount(_ columns: [ColumnValue], of schema: ReadModelSchema) throws {
        guard columns.count == schema.columns.count else {
            throw ReadStoreError.invalidRow(
                model: schema.name,
                reason: "\(columns.count) values for \(schema.columns.count) columns"
            )
        }
    }
}
