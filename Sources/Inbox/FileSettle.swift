import CampaignCore
import Foundation
import Reporting

/// Decides when a dropped file is complete: its size and modification time
/// have not changed for the settle time, as seen by this watcher. Copies over
/// SMB, browsers and `cp -p` all keep writing for a while; none of them says
/// when it is done, so stillness is the only honest signal.
public struct FileSettle: Sendable {
    struct Seen: Sendable, Equatable {
        var size: Int64
        var modified: Double
    }

    public let settle: Double
    /// By the name's bytes: two names that differ only in Unicode normalisation are two files.
    private var seen: [DroppedName: (Seen, since: Double)] = [:]

    public init(settle: Double) {
        self.settle = settle
    }

    /// Records what the folder holds now and returns the names that have been still long enough.
    public mutating func observe(_ files: [DroppedName: (size: Int64, modified: Double)], now: Double) -> [DroppedName] {
        var ready: [DroppedName] = []
        var next: [DroppedName: (Seen, since: Double)] = [:]
        for (name, stat) in files {
            let current = Seen(size: stat.size, modified: stat.modified)
            if let (previous, since) = self.seen[name], previous == current {
                next[name] = (current, since)
                if now - since >= self.settle { ready.append(name) }
            } else {
                next[name] = (current, now)
            }
        }
        self.seen = next
        return ready.sorted()
    }

    /// How many files are being watched but are not still yet.
    public var waiting: Int { self.seen.count }

    public mutating func forget(_ name: DroppedName) {
        self.seen[name] = nil
    }
}
