import CQRSSpec

/// The `Application` that wires the domain together: its parameters and the names of its members.
extension Translator {
    func application(
        aggregates: [AggregateViewModel],
        projections: [ProjectionViewModel],
        queries: [QueryViewModel],
        reactions: [ReactionViewModel]
    ) -> ApplicationViewModel {
        var parameters: [ParameterViewModel] = []
        for aggregate in spec.aggregates {
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(aggregate.name),
                    name: applicationName(aggregate.name, suffix: "Handler"),
                    type: "\(spec.domain).\(aggregate.name).Handler",
                    docLines: [DocLine(text: "The business rules of `\(aggregate.name)`.")]
                )
            )
        }
        for projection in spec.projections where projection.handlers.contains(where: { $0.action == .custom }) {
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(projection.name),
                    name: applicationName(projection.name, suffix: "Handler"),
                    type: "\(spec.domain).\(projection.name).Handler",
                    docLines: [DocLine(text: "The custom `on` entries of `\(projection.name)`.")]
                )
            )
        }
        for query in spec.queries {
            guard case .custom = query.kind else { continue }
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(query.name),
                    name: applicationName(query.name, suffix: "Handler"),
                    type: "\(spec.domain).\(query.name).Handler",
                    docLines: [DocLine(text: "The implementation of the custom query `\(query.name)`.")]
                )
            )
        }
        for reaction in spec.reactions where reaction.hasCustom {
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(reaction.name),
                    name: applicationName(reaction.name, suffix: "Handler"),
                    type: "\(spec.domain).\(reaction.name).Handler",
                    docLines: [DocLine(text: "The custom entries of the reaction `\(reaction.name)`.")]
                )
            )
        }
        return ApplicationViewModel(
            parameters: parameters,
            aggregates: aggregates,
            projections: projections,
            queries: queries,
            reactions: reactions
        )
    }

    /// The name of a property or parameter of the generated `Application` for a declaration:
    /// `Order` → `orderDefinition`, `TopSellers` → `topSellersHandler`. The suffix keeps it apart
    /// from the application's own members (`engine`, …) and from each other kind's.
    func applicationName(_ name: String, suffix: String) -> String {
        SpecNaming.lowerCamelCase(name) + suffix
    }

    /// The argument label of `Application.init` for a declaration: `Order` → `order`.
    func applicationLabel(_ name: String) -> String {
        SwiftNaming.escaped(SpecNaming.lowerCamelCase(name))
    }
}
