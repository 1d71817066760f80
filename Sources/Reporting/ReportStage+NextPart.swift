import CampaignCore
import CubeAPI
import Foundation
import RunArtifacts

extension ReportStage {
    /// `next part 3/7 at 11:00 Asia/Riyadh (in 1 h 20 m)`: what a report waiting on scheduled parts
    /// waits for (the earliest open part still to start, on its own clock); nil when none is.
    static func nextStart(
        _ open: [(part: JournalState.Part, campaignId: String)], plan: BatchPlan, now: Date = Date()
    ) -> String? {
        let upcoming = open.compactMap { entry -> (date: Date, part: JournalState.Part)? in
            guard let text = entry.part.scheduledAt, let date = Timestamp.parse(text), date > now else { return nil }
            return (date, entry.part)
        }
        guard let next = upcoming.min(by: { $0.date < $1.date }) else { return nil }
        let zoneName = plan.zone(of: next.part.batch)
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC") ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: next.date)
        let clock = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let sameDay = calendar.isDate(next.date, inSameDayAs: now) ? "" : " on \(Timestamp.local(next.date, in: zone).prefix(10))"
        return
            "next part \(next.part.id)/\(plan.batches.count) at \(clock)\(sameDay) \(zoneName) (in \(Timestamp.span(next.date.timeIntervalSince(now))))"
    }
}

extension ReportStage {
    /// A part as `summary.json` lists it for a paced run: when it starts, on both clocks.
    static func partStart(_ snapshot: CampaignSnapshot) -> ReportSummary.PartStart {
        let zone = snapshot.timezone.flatMap { TimeZone(identifier: $0) }
        let start = snapshot.scheduledAt.flatMap { Timestamp.parse($0) }
        return ReportSummary.PartStart(
            part: snapshot.part, campaignId: snapshot.campaignId, recipients: snapshot.recipients,
            startsAt: start.map(Timestamp.utc),
            local: start.flatMap { date in zone.map { "\(Timestamp.local(date, in: $0)) \(snapshot.timezone ?? "")" } },
            status: snapshot.status.rawValue, canary: snapshot.canary)
    }
}
