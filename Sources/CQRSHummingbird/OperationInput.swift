import CQRS
import Foundation
import Hummingbird

/// What a command's route reads its command from: the JSON body's fields and the path's parameters.
///
/// ```swift
/// Shop.Order.PayOrder(orderId: try input.path("orderId"), amountUSD: try input.body.value("amountUSD"))
/// ```
public struct CommandInput {
    /// The body's fields.
    public let body: FieldReader
    /// The path parameters.
    let parameters: Parameters

    /// The path parameter `name`.
    ///
    /// - Throws: ``HTTPProblem`` 400 when its text is not a `Value`.
    public func path<Value: HTTPParameterValue>(_ name: String) throws -> Value {
        try ParameterText.path(name, in: parameters)
    }
}

/// What a query's route reads its query from: the path's parameters and the query string's.
///
/// ```swift
/// Shop.SearchOrders(userId: try input.path("userId"), statuses: try input.all("statuses"), since: try input.optional("since"))
/// ```
public struct QueryInput {
    /// The path parameters.
    let parameters: Parameters
    /// The query string's parameters, percent-decoded.
    let queryParameters: Parameters

    init(request: Request, parameters: Parameters) {
        self.parameters = parameters
        self.queryParameters = request.uri.queryParameters
    }

    /// The path parameter `name`.
    ///
    /// - Throws: ``HTTPProblem`` 400 when its text is not a `Value`.
    public func path<Value: HTTPParameterValue>(_ name: String) throws -> Value {
        try ParameterText.path(name, in: parameters)
    }

    /// The query-string parameter `name`, which must be given.
    ///
    /// - Throws: ``HTTPProblem`` 400 when it is missing or is not a `Value`.
    public func required<Value: HTTPParameterValue>(_ name: String) throws -> Value {
        guard let value: Value = try optional(name) else {
            throw HTTPProblem.badRequest("the query parameter '\(name)' is required", parameter: name)
        }
        return value
    }

    /// The query-string parameter `name`, or `nil` when it is not given.
    ///
    /// - Throws: ``HTTPProblem`` 400 when it is given more than once or is not a `Value`.
    public func optional<Value: HTTPParameterValue>(_ name: String) throws -> Value? {
        let texts = queryParameters.getAll(name)
        guard let text = texts.first else { return nil }
        guard texts.count == 1 else {
            throw HTTPProblem.badRequest("the query parameter '\(name)' is given more than once", parameter: name)
        }
        return try ParameterText.value(text[...], name: name)
    }

    /// Every value of the query-string parameter `name` (`?statuses=paid&statuses=placed`), or `nil` when it is not given.
    ///
    /// - Throws: ``HTTPProblem`` 400 when one is not a `Value`.
    public func all<Value: HTTPParameterValue>(_ name: String) throws -> [Value]? {
        let texts = queryParameters.getAll(name)
        guard !texts.isEmpty else { return nil }
        return try texts.map { text -> Value in try ParameterText.value(text[...], name: name) }
    }

    /// The query-string parameter `name`, given as JSON (a parameter of a declared type), which must be given.
    ///
    /// - Throws: ``HTTPProblem`` 400 when it is missing or is not JSON of a `Value`.
    public func requiredJSON<Value: Decodable>(_ name: String) throws -> Value {
        guard let value: Value = try json(name) else {
            throw HTTPProblem.badRequest("the query parameter '\(name)' is required", parameter: name)
        }
        return value
    }

    /// The query-string parameter `name`, given as JSON (a parameter of a declared type), or `nil` when it is
    /// not given.
    ///
    /// - Throws: ``HTTPProblem`` 400 when it is not JSON of a `Value`.
    public func json<Value: Decodable>(_ name: String) throws -> Value? {
        guard let text = try optional(name) as String? else { return nil }
        do {
            let document = try PayloadDocument(bytes: Array(text.utf8), maximumDepth: 32)
            return try document.value(Value.self, at: PayloadDocument.root)
        } catch let error as DecodingError {
            throw RequestBody.problem(error, parameter: name)
        } catch let error as PayloadSyntaxError {
            throw HTTPProblem.badRequest("the query parameter '\(name)' is not JSON: \(error.message)", parameter: name)
        }
    }
}

/// Reading parameters' text.
enum ParameterText {
    /// The path parameter `name`, percent-decoded.
    static func path<Value: HTTPParameterValue>(_ name: String, in parameters: Parameters) throws -> Value {
        guard let raw = parameters.get(name) else {
            throw HTTPProblem.badRequest("the path parameter '\(name)' is missing", parameter: name)
        }
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return try value(raw[...], name: name) }
        guard let text = raw.removingPercentEncoding else {
            throw HTTPProblem.badRequest("the path parameter '\(name)' is not percent-encoded UTF-8", parameter: name)
        }
        return try value(text[...], name: name)
    }

    /// `text` as a `Value`.
    static func value<Value: HTTPParameterValue>(_ text: Substring, name: String) throws -> Value {
        guard let value = Value(httpParameter: text) else {
            throw HTTPProblem.badRequest(
                "the parameter '\(name)' is '\(text.prefix(100))', which is not \(describe(Value.self))",
                parameter: name)
        }
        return value
    }

    /// `a UUID`, `a whole number`, … for an error message.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is UUID.Type: "a UUID"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt.Type: "a whole number"
        case is Double.Type, is Float.Type, is Decimal.Type: "a number"
        case is Date.Type: "a date (seconds since 1970)"
        case is Bool.Type: "true or false"
        default:
            if let cases = type as? any CaseIterable.Type {
                "one of " + cases.allCasesDescription
            } else {
                "a \(type)"
            }
        }
    }
}

extension CaseIterable {
    /// The cases, for a message.
    static var allCasesDescription: String {
        allCases.map { "'\($0)'" }.joined(separator: ", ")
    }
}
