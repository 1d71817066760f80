import Foundation

/// The send window as it holds for every zone of a region at once, on the
/// clock of the region's first zone: 09:00-21:00 in every US zone, Hawaii's
/// included, is 14:00-21:00 New York time. Worked out for one moment (zone
/// offsets change with daylight saving), as the plan is.
public struct LocalWindow: Sendable, Equatable {
    public var zone: String
    /// Minutes after midnight in `zone`.
    public var start: Int
    public var end: Int
    /// How many zones it holds for, and why it is narrower than the pipeline's window, if it is.
    public var zones: Int
    public var note: String?

    public static func of(zones: [String], start: Int, end: Int, at moment: Date) -> LocalWindow? {
        guard let first = zones.first, let home = TimeZone(identifier: first) else { return nil }
        let homeOffset = home.secondsFromGMT(for: moment) / 60
        var low = start
        var high = end
        for name in zones.dropFirst() {
            guard let zone = TimeZone(identifier: name) else { continue }
            let shift = homeOffset - zone.secondsFromGMT(for: moment) / 60
            low = max(low, start + shift)
            high = min(high, end + shift)
        }
        guard low < high else {
            return LocalWindow(zone: first, start: start, end: end, zones: zones.count,
                               note: "no hour of the window holds in all \(zones.count) zones; \(first)'s own window is used")
        }
        let narrowed = low != start || high != end
        return LocalWindow(zone: first, start: low, end: high, zones: zones.count,
                           note: narrowed ? "the part of the window that holds in all \(zones.count) zones, on \(first)'s clock" : nil)
    }

    public var hours: String {
        String(format: "%02d:%02d-%02d:%02d", self.start / 60, self.start % 60, self.end / 60, self.end % 60)
    }

    /// When a part of this group would start if planned at `moment`: nil for at once.
    public func opening(after moment: Date) -> Date? {
        let window = SendWindow(schedule: Pipeline.ScheduleSpec(at: nil, timezone: self.zone, windowStart: self.start, windowEnd: self.end))
        return window.startsNow(moment) ? nil : window.earliestStart(from: moment)
    }
}
