import CQRSSpec

/// Declared types: an enum with its cases, or a struct with its fields, constraints and patterns.
extension Translator {
    func typeDeclaration(_ declaration: TypeDeclaration) -> TypeViewModel {
        var result = TypeViewModel(name: declaration.name, docLines: docLines(declaration.description))
        switch declaration.kind {
        case .enumeration(let cases):
            result.enumeration = EnumTypeViewModel(
                name: declaration.name,
                cases: cases.map { CaseViewModel(name: SwiftNaming.escaped($0), rawValue: $0) }
            )
        case .structure(let fields):
            result.structure = StructTypeViewModel(
                name: declaration.name,
                fields: fieldViewModels(fields, in: declaration.name),
                constraints: constraints(fields)
            )
        }
        return result
    }
}
