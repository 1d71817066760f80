import CubeAPI
import Foundation

/// Spreads a unit the tier limit refused over the following days: what the
/// server says remains goes now, the rest at the start of the send window on
/// the next days in the pipeline's time zone, at most the daily limit each day.
enum TierSplit {
    static func parts(unit: JournalState.Unit, remaining: Int, dailyLimit: Int, schedule: Pipeline.ScheduleSpec,
                      now: Date) -> [JournalEntry.Part]? {
        guard dailyLimit > 0 else { return nil }
        let zone = TimeZone(identifier: schedule.timezone) ?? TimeZone(identifier: "UTC") ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let base = unit.scheduledAt.flatMap { Timestamp.parse($0, zone: zone) } ?? now
        var parts: [JournalEntry.Part] = []
        var offset = unit.offset
        var left = unit.count
        let today = max(0, min(remaining, left))
        if today > 0 {
            parts.append(.init(unit: "\(unit.id).1", offset: offset, count: today, scheduledAt: unit.scheduledAt))
            offset += today
            left -= today
        }
        var day = 1
        while left > 0 {
            let take = min(dailyLimit, left)
            guard let date = calendar.date(byAdding: .day, value: day, to: calendar.startOfDay(for: base)),
                  let start = calendar.date(byAdding: .minute, value: schedule.windowStart, to: date) else { return nil }
            parts.append(.init(unit: "\(unit.id).\(parts.count + 1)", offset: offset, count: take,
                               scheduledAt: Timestamp.local(start, in: zone)))
            offset += take
            left -= take
            day += 1
        }
        return parts
    }
}
