import CQRSSpec

/// Queries: by key, by index, all rows, or custom.
extension Translator {
    func query(_ query: Query) -> QueryViewModel {
        let projection = spec.projections.first { $0.name == query.projection }
        let parameters = query.parameters(rowFields: projection?.fields ?? [])
        let queryNames = QueryNamesViewModel(
            name: query.name,
            projection: query.projection,
            projectionLiteral: SwiftNaming.stringLiteral(query.projection),
            propertyName: applicationName(query.name, suffix: "Handler")
        )
        var result = QueryViewModel(names: queryNames, docLines: docLines(query.description), fields: [])
        let ordering = query.orderBy.map {
            [OrderingViewModel(columnLiteral: SwiftNaming.stringLiteral($0.field), descending: $0.descending)]
        }
        let conditions = query.conditions.map(filter)
        func paged(filters: [FilterViewModel]) -> PagedQueryViewModel {
            PagedQueryViewModel(
                query: queryNames, filters: filters, ordering: ordering ?? [], pageSize: query.pageSize ?? 100,
                offsetPaging: query.paging == .offset, counts: query.counts,
                count: query.counts
                    ? CountQueryViewModel(
                        name: query.countName, queryName: query.name, projection: query.projection,
                        projectionLiteral: queryNames.projectionLiteral, fields: result.fields, filters: filters)
                    : nil)
        }
        switch query.kind {
        case .byKey(let names):
            result.fields = fieldViewModels(parameters)
            result.byKey = ByKeyQueryViewModel(
                query: queryNames,
                key: names.map(column)
            )
        case .byIndex(let names):
            result.fields = fieldViewModels(parameters)
            result.paged = paged(filters: names.map(equalityFilter) + conditions)
        case .all:
            result.fields = fieldViewModels(parameters)
            result.paged = paged(filters: conditions)
        case .custom(_, let returns):
            result.fields = fieldViewModels(parameters)
            result.constraints = constraints(parameters)
            result.custom = CustomQueryViewModel(
                query: queryNames, returns: returnsSpelling(returns), validatesParameters: result.constraints != nil)
        }
        return result
    }

    /// The condition that a row's `name` column equals the query's property of that name (`by`).
    func equalityFilter(_ name: String) -> FilterViewModel {
        FilterViewModel(
            columnLiteral: SwiftNaming.stringLiteral(name), property: SwiftNaming.escaped(name),
            conditionCase: "equals", conversion: ".columnValue", optional: false)
    }

    /// A condition of `where`.
    func filter(_ condition: Query.Condition) -> FilterViewModel {
        let (conditionCase, conversion) =
            switch condition.comparison {
            case .equals: ("equals", ".columnValue")
            case .startsWith: ("startsWith", "")
            case .greaterThan: ("greaterThan", ".columnValue")
            case .atLeast: ("atLeast", ".columnValue")
            case .lessThan: ("lessThan", ".columnValue")
            case .atMost: ("atMost", ".columnValue")
            case .in: ("isIn", ".map(\\.columnValue)")
            }
        return FilterViewModel(
            columnLiteral: SwiftNaming.stringLiteral(condition.field),
            property: SwiftNaming.escaped(condition.parameter),
            conditionCase: conditionCase, conversion: conversion, optional: condition.isOptional)
    }

    /// The Swift spelling of a custom query's `returns`: projection names stand for their row types, and
    /// like every declared type they are qualified with the domain.
    func returnsSpelling(_ type: TypeExpression) -> String {
        switch type {
        case .named(let name):
            return spec.projections.contains { $0.name == name } ? "\(spec.domain).\(name)" : types.spelling(type)
        case .array(let element): return "[\(returnsSpelling(element))]"
        case .dictionary(let key, let value): return "[\(returnsSpelling(key)): \(returnsSpelling(value))]"
        case .optional(let wrapped): return "\(returnsSpelling(wrapped))?"
        }
    }
}
