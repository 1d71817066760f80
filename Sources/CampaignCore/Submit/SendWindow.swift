import CubeAPI
public import Foundation
import Sysexits

/// The daily hours a campaign may start in (`schedule.window` in the pipeline's
/// zone). All arithmetic goes through the zone's calendar, never through
/// "midnight plus so many minutes", so a window opening at 09:00 is 09:00 on
/// the wall clock on the days clocks change too (09:00 Europe/London on
/// 2027-03-28 is 08:00Z, the day before it is 09:00Z).
public struct SendWindow: Sendable, Equatable, CustomStringConvertible {
    public let zone: TimeZone
    /// Minutes after midnight, local: the first minute inside, and the first one past it.
    public let start: Int
    public let end: Int
    /// Other zones the same hours must hold in (a region of several zones, `schedule.local_time`):
    /// the window is then the part of `start..<end` that holds in all of them, told on `zone`'s
    /// clock and worked out for each day, since their offsets move apart with daylight saving.
    public let shared: [TimeZone]

    public init(schedule: Pipeline.ScheduleSpec) {
        self.zone = TimeZone(identifier: schedule.timezone) ?? TimeZone(identifier: "UTC") ?? .current
        self.start = schedule.windowStart
        self.end = schedule.windowEnd
        self.shared = []
    }

    public init(zone: TimeZone, start: Int, end: Int, shared: [TimeZone] = []) {
        self.zone = zone
        self.start = start
        self.end = end
        self.shared = shared
    }

    /// The hours on `zone`'s clock that hold in every shared zone at `date`; nil when none do.
    public func narrowed(at date: Date) -> (start: Int, end: Int)? {
        guard !self.shared.isEmpty else { return (self.start, self.end) }
        let home = self.zone.secondsFromGMT(for: date) / 60
        var low = self.start
        var high = self.end
        for other in self.shared {
            let shift = home - other.secondsFromGMT(for: date) / 60
            low = max(low, self.start + shift)
            high = min(high, self.end + shift)
        }
        return low < high ? (low, high) : nil
    }

    /// `09:00-21:00` → minutes after midnight of its first minute and of the first one past it.
    static func hours(_ text: String) -> (start: Int, end: Int)? {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start < end else {
            return nil
        }
        return (start, end)
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
            h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self.zone
        return calendar
    }

    /// `09:00-21:00`, as the pipeline writes it.
    public var hours: String { Self.hours(self.start, self.end) }

    static func hours(_ start: Int, _ end: Int) -> String {
        func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        return "\(clock(start))-\(clock(end))"
    }

    /// `09:00-21:00 Asia/Riyadh`, for messages (`14:00-21:00 America/New_York, the hours of
    /// 09:00-21:00 that hold in all 29 zones` for a shared one, as they stand now).
    public var description: String {
        guard !self.shared.isEmpty else { return "\(self.hours) \(self.zone.identifier)" }
        let now = self.narrowed(at: Date()).map { Self.hours($0.start, $0.end) } ?? "no hour today"
        return "\(now) \(self.zone.identifier), the hours of \(self.hours) that hold in all \(self.shared.count + 1) zones"
    }

    /// Whether a campaign may start at `date`.
    public func contains(_ date: Date) -> Bool {
        let parts = self.calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        // A day on which no hour holds in every shared zone is closed.
        guard let bounds = self.narrowed(at: date) else { return false }
        return minute >= bounds.start && minute < bounds.end
    }

    /// The window's opening on the day `days` after the local day of `date`.
    public func opening(daysAfter days: Int, of date: Date) -> Date? {
        let calendar = self.calendar
        guard let day = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: date)) else { return nil }
        // Shared zones: that day's hours (offsets at its noon; clocks change at night), none on a closed day.
        guard let hours = self.narrowed(at: day.addingTimeInterval(12 * 3600)) else { return nil }
        // 24:00 is not an hour a calendar sets; a window cannot open then anyway (start < end ≤ 24:00).
        guard let opening = calendar.date(bySettingHour: hours.start / 60, minute: hours.start % 60, second: 0, of: day) else {
            return nil
        }
        // The hours at the instant itself must agree (were clocks to change between the opening and noon).
        return self.contains(opening) ? opening : nil
    }

    /// How many days ahead a start is looked for: a window that holds on no day of a week
    /// (shared zones whose offsets leave it no hour) is refused rather than bent.
    public static let searchDays = 7

    /// How long a create may take to reach the API and start (retries, backoff):
    /// a campaign due now goes now only if the window is still open this much later.
    public static let margin: TimeInterval = 120

    /// Whether a campaign due at `date` may be created to start at once.
    public func startsNow(_ date: Date) -> Bool {
        self.contains(date) && self.contains(date.addingTimeInterval(Self.margin))
    }

    /// When a campaign due at `date` may start: `date` itself inside the window
    /// (and not in its last minutes), else the window's next opening (later today, or
    /// tomorrow); nil when no day of the next week has one.
    public func earliestStart(from date: Date) -> Date? {
        if self.startsNow(date) { return date }
        for days in 0...Self.searchDays {
            if let opening = self.opening(daysAfter: days, of: date), opening > date { return opening }
        }
        return nil
    }

    /// The error of a window with no opening ahead, for the part (or group) named.
    func noOpening(for what: String) -> CampaignError {
        CampaignError(
            .config,
            "\(what): no hour of the send window \(self.hours) holds in all \(self.shared.count + 1) zones of \(self.zone.identifier)'s region on any of the next \(Self.searchDays) days; nothing was created for it",
            hint: "widen schedule.window (or remove schedule.local_time)")
    }
}
