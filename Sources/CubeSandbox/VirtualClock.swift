import Foundation

/// The sandbox's notion of now: real time plus an offset that tests and demos
/// move forward (as Stripe's test clocks do), so "tomorrow 09:00" runs in a second.
final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    init(offset: TimeInterval = 0) {
        self.offset = offset
    }

    func now() -> Date {
        Date().addingTimeInterval(self.lock.withLock { self.offset })
    }

    var currentOffset: TimeInterval { self.lock.withLock { self.offset } }

    func advance(by seconds: TimeInterval) {
        self.lock.withLock { self.offset += max(0, seconds) }
    }

    /// Moves to `date`; the clock never goes backwards, so campaigns never un-send.
    func set(to date: Date) {
        self.lock.withLock {
            let wanted = date.timeIntervalSinceNow
            self.offset = max(self.offset, wanted)
        }
    }
}
