public import Foundation
import Sysexits

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
    /// Why no part can start in it at all (no hour of the window holds in all its zones on any day
    /// of the week ahead); nil: it opens.
    public var closed: String?

    /// Nil when a zone of `zones` is not one this system knows, or no hour of the window holds
    /// in all of them on any day of the week ahead: such a region has no window to send in.
    /// When none holds at `moment` itself (daylight saving can close a narrow window for a
    /// while), the hours are those of the next day that has some.
    public static func of(zones: [String], start: Int, end: Int, at moment: Date) -> LocalWindow? {
        guard let first = zones.first, let window = Self.sendWindow(zones: zones, start: start, end: end) else { return nil }
        var closedNow = false
        var narrowed = window.narrowed(at: moment)
        if narrowed == nil {
            guard let next = window.earliestStart(from: moment) else { return nil }
            narrowed = window.narrowed(at: next)
            closedNow = true
        }
        guard let hours = narrowed else { return nil }
        let narrower = hours.start != start || hours.end != end
        let note =
            closedNow
            ? "no hour of the window holds in all \(zones.count) zones today; from its next opening, the part that does, on \(first)'s clock"
            : narrower ? "the part of the window that holds in all \(zones.count) zones, on \(first)'s clock" : nil
        return LocalWindow(
            zone: first, zones: zones, baseStart: start, baseEnd: end, start: hours.start, end: hours.end, note: note)
    }

    /// The window to send in: the pipeline's hours on the first zone's clock, held in all the
    /// others; nil when one of them is not a zone this system knows (it could not be held).
    public static func sendWindow(zones: [String], start: Int, end: Int) -> SendWindow? {
        let known = zones.compactMap { TimeZone(identifier: $0) }
        guard known.count == zones.count, let home = known.first else { return nil }
        return SendWindow(zone: home, start: start, end: end, shared: Array(known.dropFirst()))
    }

    public var hours: String { SendWindow.hours(self.start, self.end) }

    /// When a part of this group would start if planned at `moment`: nil for at once.
    public func opening(after moment: Date) throws -> Date? {
        guard let window = Self.sendWindow(zones: self.zones, start: self.baseStart, end: self.baseEnd) else {
            throw CampaignError(
                .config, "the zones of the group of \(self.zone) are not all known to this system",
                hint: "update tzdata, or remove schedule.local_time")
        }
        guard !window.startsNow(moment) else { return nil }
        guard let start = window.earliestStart(from: moment) else {
            throw window.noOpening(for: "the zone group of \(self.zone)")
        }
        return start
    }
}
