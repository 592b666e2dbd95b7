// libFuzzer target for the spec front end: the YAML layer (libyaml events → node tree) and the
// validator. Built by scripts/fuzz-spec together with the CQRSSpec sources (one module) and the CYAML
// module map; seeded with every spec in the repository.
//
// Any input must load: a spec, or diagnostics, each located inside the input (line and column from
// 1, the line at most one past the input's last line), and an error whenever there is no spec. A trap, an
// address sanitizer report, a hang or an out-of-memory is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let result = SpecLoader().load(contents: bytes, path: "fuzz.cqrs.yaml")
    // At most as many lines as YAML's line breaks allow: `\n`, `\r`, and (YAML 1.1) NEL, LS and PS,
    // whose UTF-8 forms end in 0x85, 0xA8 and 0xA9.
    let lines = bytes.lazy.filter { [0x0A, 0x0D, 0x85, 0xA8, 0xA9].contains($0) }.count + 1
    for diagnostic in result.diagnostics {
        let location = diagnostic.location
        guard location.line >= 1, location.column >= 1, location.line <= lines + 1 else {
            fatalError("diagnostic outside the input (\(lines) lines): \(diagnostic)")
        }
        for note in diagnostic.relatedNotes where note.location.line < 1 || note.location.line > lines + 1 {
            fatalError("note outside the input (\(lines) lines): \(diagnostic)")
        }
    }
    let errors = result.diagnostics.filter { $0.severity == .error }
    if result.spec == nil, errors.isEmpty { fatalError("no spec and no error") }
    if result.spec != nil, !errors.isEmpty { fatalError("a spec despite errors: \(errors)") }
    return 0
}
