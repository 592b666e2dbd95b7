import CQRS
import Foundation
import Hummingbird
import NIOCore

/// Reading a command's JSON body: within the size and depth limits, JSON, an object, with no member the
/// command does not have.
enum RequestBody {
    /// The body, parsed and checked against `shape`; an empty body reads as `{}`.
    ///
    /// - Throws: ``HTTPProblem`` 415 for a `Content-Type` that is not JSON, 413 for a body over the limit,
    ///   400 for one that is not JSON, nests too deeply, is not an object or has an unknown member.
    static func read(_ request: Request, options: HTTPOptions, shape: JSONShape) async throws -> PayloadDocument {
        if let contentType = request.headers[.contentType], !isJSON(contentType) {
            throw HTTPProblem(
                .unsupportedMediaType, kind: "unsupported-media-type", title: "The body is not JSON",
                detail: "the body's Content-Type is '\(contentType)'; send application/json",
                parameter: "Content-Type")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: options.maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw HTTPProblem(
                .contentTooLarge, kind: "body-too-large", title: "The body is too large",
                detail: "the body is over \(options.maximumBodySize) bytes")
        }
        var bytes = buffer.readableBytesView.isEmpty ? Array("{}".utf8) : Array(buffer.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { bytes = Array("{}".utf8) }
        let document: PayloadDocument
        do {
            document = try PayloadDocument(bytes: bytes, maximumDepth: options.maximumJSONDepth)
        } catch let error as PayloadSyntaxError {
            throw HTTPProblem.badRequest(
                "the body is not JSON: \(error.message) at byte \(error.offset)"
                    + (error.message.contains("deeply") ? " (at most \(options.maximumJSONDepth) levels)" : ""),
                pointer: "")
        }
        guard document.structure(at: PayloadDocument.root) == .object else {
            throw HTTPProblem.badRequest("the body is a JSON object of the command's fields", pointer: "")
        }
        try shape.check(document, at: PayloadDocument.root)
        return document
    }

    /// `application/json`, or any `…+json`, with or without parameters.
    static func isJSON(_ contentType: String) -> Bool {
        if contentType == "application/json" { return true }
        let mediaType =
            contentType.split(separator: ";", maxSplits: 1).first?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    /// The 400 a `DecodingError` of the body (or a parameter given as JSON) answers with.
    static func problem(_ error: DecodingError, parameter: String? = nil) -> HTTPProblem {
        switch error {
        case .keyNotFound(let key, let context):
            let path = context.codingPath + [key]
            return .badRequest(
                "missing member '\(key.stringValue)'", pointer: parameter == nil ? JSONPointer.pointer(path) : nil,
                parameter: parameter)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return .badRequest(
                EventPayload.describe(error), pointer: parameter == nil ? JSONPointer.pointer(context.codingPath) : nil,
                parameter: parameter)
        @unknown default:
            return .badRequest("\(error)", parameter: parameter)
        }
    }
}
