/// The base spec of the name-stress test: one declaration of every kind the format has, each named by
/// a placeholder (`@@aggregate@@`), and the code paths that spell names (validation, literals, upcasts,
/// every kind of `on` entry, every kind of query, the application's parameters).
enum StressSpec {
    /// One kind of declaration the test renames, with the name it has when another kind is renamed.
    enum Kind: String, CaseIterable, Sendable {
        case domain, structType, enumType, enumCase, aggregate, command, event
        case structField, stateField, commandField, eventField, rowField
        case projection, query, pagedQuery, customQuery, queryParam

        /// The name the declaration has when it is not the one renamed.
        var defaultName: String {
            switch self {
            case .domain: "StressDomain"
            case .structType: "StressItem"
            case .enumType: "StressLevel"
            case .enumCase: "stressCase"
            case .aggregate: "StressThing"
            case .command: "StressMake"
            case .event: "StressMade"
            case .structField: "itemText"
            case .stateField: "stateText"
            case .commandField: "commandText"
            case .eventField: "eventText"
            case .rowField: "rowText"
            case .projection: "StressRows"
            case .query: "StressGet"
            case .pagedQuery: "StressList"
            case .customQuery: "StressCustom"
            case .queryParam: "limit"
            }
        }
    }

    /// The spec's text with each kind in `renames` named as it says, every other kind its default,
    /// and the domain `domain` unless the domain is renamed.
    static func text(renaming renames: [Kind: String], domain: String) -> String {
        var text = template
        for kind in Kind.allCases {
            let value = renames[kind] ?? (kind == .domain ? domain : kind.defaultName)
            text = text.replacingOccurrences(of: "@@\(kind.rawValue)@@", with: value)
        }
        return text
    }

    static let template = """
        cqrs: 1
        domain: @@domain@@
        description: The base spec of the name-stress test.
        types:
          @@structType@@:
            description: A struct with a validated field.
            fields:
              @@structField@@: { type: String, minLength: 1, pattern: "^[a-z]+$" }
              level: { type: @@enumType@@, default: @@enumCase@@ }
              tags: "[String: Int]"
          @@enumType@@:
            cases: [@@enumCase@@, other]
        aggregates:
          @@aggregate@@:
            id: UUID
            snapshotEvery: 10
            state:
              @@stateField@@: { type: String, default: "" }
              level: @@enumType@@
              amount: Decimal
            commands:
              @@command@@:
                creates: true
                fields:
                  @@commandField@@: { type: String, minLength: 1 }
                  detail: "@@structType@@?"
                  details: { type: "[@@structType@@]", maxItems: 5 }
                emits: [@@event@@]
              StressTouch:
                fields:
                  level: @@enumType@@
                  amount: { type: Decimal, exclusiveMinimum: 0 }
                emits: [StressTouched, @@event@@]
            events:
              @@event@@:
                version: 2
                fields:
                  @@eventField@@: String
                  detail: "@@structType@@?"
                  at: Date
                upcast:
                  1: { defaults: { at: "2024-01-01T00:00:00Z" }, renamed: { old: @@eventField@@ }, removed: [gone] }
              StressTouched:
                fields:
                  level: @@enumType@@
                  amount: Decimal
          StressOther:
            id: String
            commands:
              StressOpen:
                creates: true
                fields: { count: Int64 }
                emits: [StressOpened]
            events:
              StressOpened: { fields: { count: Int64 } }
        projections:
          @@projection@@:
            key: rowId
            fields:
              rowId: UUID
              @@rowField@@: String
              level: @@enumType@@
              total: Int
              amount: Decimal
              seen: Date
              note: String?
            indexes: [@@rowField@@]
            on:
              @@event@@:
                insert: { set: { @@rowField@@: @@eventField@@, level: @@enumCase@@, total: 0, amount: 1.5, seen: $recordedAt } }
              StressTouched:
                update: { set: { level: other, amount: amount }, increment: { total: 1 } }
              StressOpened: custom
          StressLog:
            key: [entryId, level]
            fields: { entryId: UUID, level: "@@enumType@@", count: Int64 }
            on:
              StressTouched: { upsert: { set: { entryId: $streamId, count: $version } } }
              @@event@@: { delete: { key: [$streamId, @@enumCase@@] } }
        queries:
          @@query@@: { projection: @@projection@@, by: rowId }
          @@pagedQuery@@:
            projection: @@projection@@
            by: @@rowField@@
            where: { total: { atLeast: @@queryParam@@? }, note: { startsWith: notePrefix }, level: { in: levels } }
            orderBy: total desc
            pageSize: 10
            count: true
          StressAll: { projection: StressLog }
          @@customQuery@@:
            projection: @@projection@@
            custom: true
            params: { @@queryParam@@: Int }
            returns: "[@@projection@@]"

        """
}
