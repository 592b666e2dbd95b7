import Synchronization

/// A counter tasks share.
final class SharedCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds to the count.
    func add(_ amount: Int) { count.add(amount, ordering: .relaxed) }

    /// The count.
    var value: Int { count.load(ordering: .relaxed) }
}

/// A flag tasks share, set once.
final class SharedFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Sets the flag.
    func set() { flag.store(true, ordering: .releasing) }

    /// Whether it is set.
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
