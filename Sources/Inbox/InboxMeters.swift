public import Foundation
import Metrics
import Synchronization

/// The watcher's counters and gauges through the swift-metrics facade: they cost nothing and
/// go nowhere unless the executable bootstraps a backend (`campaign-inbox --metrics`), which
/// is why they are made after that bootstrap, with the watcher.
public final class InboxMeters: Sendable {
    let claimed = Counter(label: InboxMetric.claimed.name)
    let done = Counter(label: InboxMetric.done.name)
    let failed = Counter(label: InboxMetric.failed.name)
    let waiting = Gauge(label: InboxMetric.waiting.name)
    let inProgress = Gauge(label: InboxMetric.inProgress.name)
    let lastPass = Gauge(label: InboxMetric.lastPass.name)
    let sinceLastPass = Gauge(label: InboxMetric.sinceLastPass.name)
    /// When the last pass ended (the start before the first): a scrape turns it into an age.
    private let lastPassAt = Mutex(Date().timeIntervalSince1970)

    public init() {}

    /// A file left inbox/: into a run (`claimed`), or for good (`done`, `failed`).
    func count(_ outcome: Outcome) {
        switch outcome {
        case .claimed: self.claimed.increment()
        case .done: self.done.increment()
        case .failed: self.failed.increment()
        }
    }

    enum Outcome {
        case claimed, done, failed
    }

    /// The end of a pass: what is still waiting, what is in progress, and when.
    func passed(waiting: Int, inProgress: Int, at now: Date = Date()) {
        self.waiting.record(waiting)
        self.inProgress.record(inProgress)
        self.lastPass.record(now.timeIntervalSince1970)
        self.lastPassAt.withLock { $0 = now.timeIntervalSince1970 }
        self.sinceLastPass.record(0.0)
    }

    /// Called just before a scrape, so the age is the age now, not at the last pass.
    public func refresh(now: Date = Date()) {
        let last = self.lastPassAt.withLock { $0 }
        self.sinceLastPass.record(max(0, now.timeIntervalSince1970 - last))
    }
}
