import Foundation

/// Column values encode as one-member objects naming their case (`{"int":42}`, `{"null":true}`), so
/// that a cursor or a durable store's JSON column gives back exactly the same value.
extension ColumnValue: Codable {
    private enum CodingKeys: String, CodingKey {
        case null, bool, int, double, decimal, string, date, uuid, data, json
    }

    /// Decodes the tagged form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let key = container.allKeys.first, container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Expected one member naming the case.")
            )
        }
        switch key {
        case .null: self = .null
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        case .int: self = .int(try container.decode(Int64.self, forKey: key))
        case .double: self = .double(try container.decode(Double.self, forKey: key))
        case .decimal: self = .decimal(try container.decode(Decimal.self, forKey: key))
        case .string: self = .string(try container.decode(String.self, forKey: key))
        case .date: self = .date(try container.decode(Date.self, forKey: key))
        case .uuid: self = .uuid(try container.decode(UUID.self, forKey: key))
        case .data: self = .data(try container.decode(Data.self, forKey: key))
        case .json: self = .json(try container.decode(String.self, forKey: key))
        }
    }

    /// Encodes the tagged form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .null: try container.encode(true, forKey: .null)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .int(let value): try container.encode(value, forKey: .int)
        case .double(let value): try container.encode(value, forKey: .double)
        case .decimal(let value): try container.encode(value, forKey: .decimal)
        case .string(let value): try container.encode(value, forKey: .string)
        case .date(let value): try container.encode(value, forKey: .date)
        case .uuid(let value): try container.encode(value, forKey: .uuid)
        case .data(let value): try container.encode(value, forKey: .data)
        case .json(let value): try container.encode(value, forKey: .json)
        }
    }
}
