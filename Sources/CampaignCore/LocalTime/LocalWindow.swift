import Foundation

/// The send window as it holds for every zone of a region at once, on the
/// clock of the region's first zone: 09:00-21:00 in every US zone, Hawaii's
/// included, is 14:00-21:00 New York time. `start` and `end` are worked out for
/// one moment (the plan's), for showing; sending asks `sendWindow` at each
/// start, since the zones' offsets move apart with daylight saving.
public struct LocalWindow: Sendable, Equatable {
    public var zone: String
    /// Every zone it holds for (the first is `zone`).
    public var zones: [String]
    /// The pipeline's window, minutes after midnight.
    public var baseStart: Int
    public var baseEnd: Int
    /// Minutes after midnight in `zone`, at the moment asked.
    public var start: Int
    public var end: Int
    /// Why it is narrower than the pipeline's window, if it is.
    public var note: String?

    /// Nil when none of `zones` is a zone this system knows.
    public static func of(zones: [String], start: Int, end: Int, at moment: Date) -> LocalWindow? {
        let known = zones.filter { TimeZone(identifier: $0) != nil }
        guard let window = Self.sendWindow(zones: known, start: start, end: end), let first = known.first else { return nil }
        let skipped = zones.count - known.count
        let unknown = skipped > 0 ? "; \(skipped) of the region's zones are unknown here" : ""
        guard let narrowed = window.narrowed(at: moment) else {
            return LocalWindow(zone: first, zones: known, baseStart: start, baseEnd: end, start: start, end: end,
                               note: "no hour of the window holds in all \(known.count) zones; \(first)'s own window is used" + unknown)
        }
        let narrower = narrowed.start != start || narrowed.end != end
        return LocalWindow(zone: first, zones: known, baseStart: start, baseEnd: end, start: narrowed.start, end: narrowed.end,
                           note: narrower ? "the part of the window that holds in all \(known.count) zones, on \(first)'s clock" + unknown
                               : (unknown.isEmpty ? nil : String(unknown.dropFirst(2))))
    }

    /// The window to send in: the pipeline's hours on the first zone's clock, held in all the others.
    public static func sendWindow(zones: [String], start: Int, end: Int) -> SendWindow? {
        let known = zones.compactMap { TimeZone(identifier: $0) }
        guard let home = known.first else { return nil }
        return SendWindow(zone: home, start: start, end: end, shared: Array(known.dropFirst()))
    }

    public var hours: String { SendWindow.hours(self.start, self.end) }

    /// When a part of this group would start if planned at `moment`: nil for at once.
    public func opening(after moment: Date) -> Date? {
        guard let window = Self.sendWindow(zones: self.zones, start: self.baseStart, end: self.baseEnd) else { return nil }
        return window.startsNow(moment) ? nil : window.earliestStart(from: moment)
    }
}
