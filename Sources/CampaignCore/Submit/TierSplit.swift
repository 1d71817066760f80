import CubeAPI
import Foundation
import RunArtifacts

/// Spreads a part the tier limit refused over the following days: what the
/// server says remains goes as the part was to go, the rest at the opening of
/// the send window on the next days (by the zone's calendar), at most the
/// daily limit each day. Starts are kept in UTC, like the plan's.
enum TierSplit {
    static func parts(
        part: JournalState.Part, remaining: Int, dailyLimit: Int, window: SendWindow,
        now: Date
    ) -> [JournalPart]? {
        guard dailyLimit > 0 else { return nil }
        let base = part.scheduledAt.flatMap { Timestamp.parse($0, zone: window.zone) } ?? now
        var parts: [JournalPart] = []
        var offset = part.offset
        var left = part.count
        let today = max(0, min(remaining, left))
        if today > 0 {
            parts.append(.init(part: "\(part.id).1", offset: offset, count: today, scheduledAt: part.scheduledAt))
            offset += today
            left -= today
        }
        var day = 1
        var closed = 0
        while left > 0 {
            // A day on which a shared window has no hour is skipped; a week of them ends the split.
            guard let start = window.opening(daysAfter: day, of: base) else {
                closed += 1
                guard closed <= SendWindow.searchDays else { return nil }
                day += 1
                continue
            }
            closed = 0
            let take = min(dailyLimit, left)
            parts.append(
                .init(
                    part: "\(part.id).\(parts.count + 1)", offset: offset, count: take,
                    scheduledAt: Timestamp.utc(start)))
            offset += take
            left -= take
            day += 1
        }
        return parts
    }
}
