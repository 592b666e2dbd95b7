import CYAML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The baseline: libyaml's own document API (`yaml_parser_load`) reading a file into its node
/// tree, then freeing it.
enum RawYAMLLoad {
    /// Loads the file at `path`; returns the number of nodes, or `nil` when libyaml fails.
    static func load(path: String) -> Int? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_file(&parser, file)
        var document = yaml_document_t()
        guard yaml_parser_load(&parser, &document) != 0 else { return nil }
        defer { yaml_document_delete(&document) }
        return document.nodes.top - document.nodes.start
    }
}
