import Foundation

extension ColumnValue: Comparable {
    private var rank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .int, .double, .decimal: 2
        case .string: 3
        case .date: 4
        case .uuid: 5
        case .data: 6
        case .json: 7
        }
    }

    /// The total order described on ``ColumnValue``.
    public static func < (lhs: ColumnValue, rhs: ColumnValue) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// -1, 0 or 1 as `lhs` sorts before, with, or after `rhs`.
    public static func compare(_ lhs: ColumnValue, _ rhs: ColumnValue) -> Int {
        switch (lhs, rhs) {
        case (.null, .null): return 0
        case (.bool(let l), .bool(let r)): return l == r ? 0 : (!l ? -1 : 1)
        case (.int(let l), .int(let r)): return l == r ? 0 : (l < r ? -1 : 1)
        case (.double(let l), .double(let r)):
            if l == r { return 0 }
            return l.isTotallyOrdered(belowOrEqualTo: r) ? -1 : 1
        case (.decimal(let l), .decimal(let r)): return l == r ? 0 : (l < r ? -1 : 1)
        case (.int, .double), (.int, .decimal), (.double, .int), (.double, .decimal), (.decimal, .int),
            (.decimal, .double):
            let l = lhs.numericValue
            let r = rhs.numericValue
            return l == r ? 0 : (l < r ? -1 : 1)
        case (.string(let l), .string(let r)), (.json(let l), .json(let r)): return bytes(l.utf8, r.utf8)
        case (.date(let l), .date(let r)): return l == r ? 0 : (l < r ? -1 : 1)
        case (.uuid(let l), .uuid(let r)):
            return withUnsafeBytes(of: l.uuid) { lb in withUnsafeBytes(of: r.uuid) { rb in bytes(lb, rb) } }
        case (.data(let l), .data(let r)): return bytes(l, r)
        default: return lhs.rank < rhs.rank ? -1 : 1
        }
    }

    private var numericValue: Decimal {
        switch self {
        case .int(let value): Decimal(value)
        case .double(let value): Decimal(value)
        case .decimal(let value): value
        default: 0
        }
    }

    private static func bytes<L: Sequence<UInt8>, R: Sequence<UInt8>>(_ lhs: L, _ rhs: R) -> Int {
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let l?, let r?) where l != r: return l < r ? -1 : 1
            default: continue
            }
        }
    }
}
