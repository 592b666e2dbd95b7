import CQRSSpec

/// Translates a validated spec into the view model the templates render.
///
/// This is the only stage that knows how spec names and types are spelled in Swift; the templates
/// only arrange the text. One file per concern: `Translator+Types`, `+Aggregates`, `+Projections`,
/// `+Queries`, `+Reactions`, `+Application`, `+HTTP` and `+Fields` (what every struct-like declaration shares).
struct Translator {
    let spec: Spec
    let access: AccessLevel
    let specFileName: String
    let types: SwiftTypes
    /// Command and event names declared by exactly one aggregate (they get a domain-level alias).
    let uniqueMessageNames: Set<String>

    init(spec: Spec, access: AccessLevel, specFileName: String) {
        self.spec = spec
        self.access = access
        self.specFileName = specFileName
        self.types = SwiftTypes(spec: spec)
        var counts: [String: Int] = [:]
        for aggregate in spec.aggregates {
            for name in Set(aggregate.commands.map(\.name) + aggregate.events.map(\.name)) {
                counts[name, default: 0] += 1
            }
        }
        self.uniqueMessageNames = Set(counts.filter { $0.value == 1 }.keys)
    }

    func translate() -> SpecViewModel {
        let aggregates = spec.aggregates.map(aggregate)
        let projections = spec.projections.map(projection)
        let queries = spec.queries.map(query)
        let reactions = spec.reactions.map(reaction)
        return SpecViewModel(
            domain: spec.domain,
            access: access.rawValue,
            specFileName: specFileName,
            docLines: docLines(spec.description),
            types: spec.types.map(typeDeclaration),
            aggregates: aggregates,
            projections: projections,
            queries: queries,
            reactions: reactions,
            application: application(
                aggregates: aggregates, projections: projections, queries: queries, reactions: reactions),
            http: http()
        )
    }

    func docLines(_ text: String?) -> [DocLine] {
        SwiftNaming.docLines(text).map { DocLine(text: $0) }
    }
}
