import CQRSSpec

/// Declared types: an enum with its cases, or a struct with its fields, constraints and patterns.
extension Translator {
    func typeDeclaration(_ declaration: TypeDeclaration) -> TypeViewModel {
        var result = TypeViewModel(name: declaration.name, docLines: docLines(declaration.description))
        switch declaration.kind {
        case .enumeration(let cases):
            let literals: [String?] =
                switch declaration.rawValues {
                case .integers(let numbers)?: numbers.map(String.init)
                case .strings(let texts)?: texts.map(SwiftNaming.stringLiteral)
                case nil: cases.map { _ in nil }
                }
            var storesNumbers = false
            if case .integers? = declaration.rawValues { storesNumbers = true }
            result.enumeration = EnumTypeViewModel(
                name: declaration.name,
                cases: zip(cases, literals).map {
                    CaseViewModel(name: SwiftNaming.escaped($0), rawValue: $0, rawValueLiteral: $1)
                },
                rawType: storesNumbers ? "Swift.Int" : "Swift.String",
                storesNumbers: storesNumbers
            )
        case .union(let cases):
            result.union = UnionTypeViewModel(
                name: declaration.name,
                cases: cases.map { unionCase in
                    UnionCaseViewModel(
                        name: SwiftNaming.escaped(unionCase.name),
                        rawNameLiteral: SwiftNaming.stringLiteral(unionCase.name),
                        docLines: docLines(unionCase.description),
                        structure: StructTypeViewModel(
                            name: unionCase.typeName,
                            fields: fieldViewModels(unionCase.fields, in: declaration.name),
                            constraints: nil))
                }
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
