import CQRSSpec

/// Declared types: an enum with its cases, or a struct with its fields, constraints and patterns.
extension Translator {
    func typeDeclaration(_ declaration: TypeDeclaration) -> TypeViewModel {
        switch declaration.kind {
        case .enumeration(let cases):
            return TypeViewModel(
                name: declaration.name,
                docLines: docLines(declaration.description),
                isEnum: true,
                cases: cases.map { CaseViewModel(name: SwiftNaming.escaped($0), rawValue: $0) },
                fields: [],
                validations: [],
                patterns: []
            )
        case .structure(let fields):
            return TypeViewModel(
                name: declaration.name,
                docLines: docLines(declaration.description),
                isEnum: false,
                cases: [],
                fields: fieldViewModels(fields, in: declaration.name),
                validations: fields.compactMap(validation),
                patterns: patterns(fields)
            )
        }
    }
}
