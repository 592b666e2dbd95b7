/// Every row of a paged query, page after page, as one asynchronous sequence: the loop that cannot forget
/// the last page. Generated applications answer `rows(of:)` with one.
///
/// ```swift
/// for try await order in app.rows(of: Shop.ListUserOrders(userId: "ada")) {
///     print(order.orderId)
/// }
/// ```
///
/// Pages are read as the loop needs them, each after the last row of the one before (a cursor), so rows
/// inserted meanwhile do not make the loop go on forever; a row whose ordering column changes during the
/// walk can be read twice or not at all.
public struct PagedRows<Row: Sendable>: AsyncSequence, Sendable {
    /// A row.
    public typealias Element = Row

    private let first: PageRequest
    private let read: @Sendable (PageRequest) async throws -> Page<Row>

    /// The rows `read` answers, from the page `first` on.
    public init(first: PageRequest, read: @escaping @Sendable (PageRequest) async throws -> Page<Row>) {
        self.first = first
        self.read = read
    }

    /// Reads the pages as the rows are taken.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var rows: [Row] = []
        private var index = 0
        private var next: PageRequest?
        private let read: @Sendable (PageRequest) async throws -> Page<Row>

        fileprivate init(first: PageRequest, read: @escaping @Sendable (PageRequest) async throws -> Page<Row>) {
            self.next = first
            self.read = read
        }

        /// The next row, reading the next page when this one is used up; `nil` after the last page.
        public mutating func next() async throws -> Row? {
            while index == rows.count {
                guard let request = next else { return nil }
                let page = try await read(request)
                (rows, index, next) = (page.rows, 0, page.next)
            }
            defer { index += 1 }
            return rows[index]
        }
    }

    /// An iterator from the first page.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(first: first, read: read)
    }
}
