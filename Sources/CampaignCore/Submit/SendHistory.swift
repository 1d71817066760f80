public import ContactHistory
import CubeAPI
import Foundation
public import RunArtifacts
import Sysexits

/// Submit's side of the contact history: the "sent previously" guard before a
/// run's first create, and each created campaign recorded with its phones as
/// soon as the journal has it (and again, idempotently, from the journal when
/// a run ends, so a crash between the two loses nothing).
public struct SendHistory {
    /// More than this share of a run's phones in another run's campaigns is a resend.
    static let resendShare = 0.5
    static let resendWindow: TimeInterval = 24 * 3600

    public let history: any ContactHistory

    /// How the history names a run: its folder name and the instant its plan was made. Two runs
    /// in folders of the same name (`runs/nightly` reused, two machines' `runs/2026-05-01`) are
    /// two runs; a rerun of one directory keeps its plan, so it is the same run.
    /// How the contact history names a run: its folder and the moment it was planned, and its
    /// instance (`run.json`) for runs that have one, so two machines' runs of one folder name planned
    /// in the same second stay apart. A run begun before instances keeps the key its rows hold.
    public static func runKey(_ plan: BatchPlan) -> String {
        "\(plan.runId) (planned \(plan.plannedAt))" + (plan.instance.map { " [\($0)]" } ?? "")
    }

    public static func open(_ location: HistoryLocation) throws -> SendHistory {
        return SendHistory(history: try location.open())
    }

    /// Refuses (65) a run whose phones are mostly in another run's campaigns of the same
    /// account and template going out in the last 24 hours: a nightly job rerun into a new
    /// run directory, the same export dropped twice under two names.
    func checkSentPreviously(plan: BatchPlan, directory: RunDirectory, now: Date) throws {
        let phones = try plan.batches.flatMap { batch in
            try RecipientBatchReader.phones(run: directory, plan: plan, batch: batch, offset: 0, count: batch.count)
        }
        guard !phones.isEmpty else { return }
        let since = Timestamp.utc(now.addingTimeInterval(-Self.resendWindow))
        let prior = try self.guarded {
            try self.history.priorRuns(
                phones: phones, account: plan.account, template: plan.template, since: since,
                excludingRun: Self.runKey(plan))
        }
        guard let top = prior.first, Double(top.phones) > Self.resendShare * Double(Set(phones).count) else { return }
        throw CampaignError(
            .dataError,
            "\(top.phones) of this run's \(Set(phones).count) recipients were already sent \(plan.template) by run \(top.run), going out \(top.startsAt); nothing was sent",
            hint: "if this is a second send on purpose, run campaign-submit again with --allow-resend")
    }

    /// Records a created part's campaign and phones. A campaign sent at once goes out when its
    /// plan was made (the same instant whether recorded now or filled in days later).
    func recordCreated(_ part: JournalState.Part, campaignId: String, phones: [String], plan: BatchPlan) throws {
        let campaign = CreatedCampaign(
            run: Self.runKey(plan), unit: part.id, key: part.key, campaignId: campaignId, account: plan.account,
            template: plan.template, language: plan.language(of: part.batch),
            startsAt: part.scheduledAt ?? plan.plannedAt)
        try self.guarded { try self.history.recordCreated(campaign, phones: phones) }
    }

    /// Every campaign the journal holds, recorded again (nothing is added twice), but those this
    /// process recorded already (`recorded`, by part); a cancelled one is taken out (it was
    /// recorded when created), since nobody was messaged by it. The parts it recorded.
    @discardableResult
    public func fill(
        from state: JournalState, plan: BatchPlan, directory: RunDirectory, recorded: Set<String> = []
    ) throws -> Set<String> {
        var filled = Set<String>()
        for (part, campaignId) in state.createdCampaigns {
            if case .cancelled = part.status {
                try self.guarded { try self.history.forgetCampaign(campaignId) }
                continue
            }
            if recorded.contains(part.id) { continue }
            guard let batch = plan.batch(part.batch) else { continue }
            let phones = try RecipientBatchReader.phones(
                run: directory, plan: plan, batch: batch, offset: part.offset, count: part.count)
            try self.recordCreated(part, campaignId: campaignId, phones: phones, plan: plan)
            filled.insert(part.id)
        }
        return filled
    }

    public func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as HistoryError {
            throw CampaignError(
                .unavailable, "\(error)",
                hint: "the run's journal is intact; run the same command again once the history is reachable")
        }
    }
}
