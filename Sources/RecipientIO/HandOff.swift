import Foundation

/// A bounded queue from one producing thread to one consumer: the producer
/// waits while `depth` items wait, the consumer while none do. When the
/// consumer goes away (`cancel`), the producer's next `put` says to stop.
final class HandOff<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private let depth: Int
    private var cancelled = false

    init(depth: Int) {
        self.depth = depth
    }

    /// Waits for room; false when the consumer has gone, and the producer should stop.
    func put(_ item: Element) -> Bool {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.items.count >= self.depth && !self.cancelled { self.condition.wait() }
        guard !self.cancelled else { return false }
        self.items.append(item)
        self.condition.broadcast()
        return true
    }

    /// Waits for the oldest item.
    func take() -> Element {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.items.isEmpty { self.condition.wait() }
        self.condition.broadcast()
        return self.items.removeFirst()
    }

    /// The consumer is gone: what waits is dropped and the producer is woken to stop.
    func cancel() {
        self.condition.lock()
        self.cancelled = true
        self.items.removeAll()
        self.condition.broadcast()
        self.condition.unlock()
    }
}
