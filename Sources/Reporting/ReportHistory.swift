import CampaignCore
import ContactHistory
import CubeAPI
import Foundation
import RunArtifacts

/// Report's side of the contact history: the run's campaigns brought up to date
/// from its journal before the join, what the API said of each recipient taken
/// from the rows the join already holds (one campaign at a time, nothing read
/// again), and the opt-outs that follow from it (`suppression_auto`): a
/// recipient who stopped marketing messages (131050), or who was undeliverable
/// (131026) in two runs.
final class ReportHistory {
    static let undeliverableRuns = 2

    let pipeline: Pipeline
    let history: SendHistory
    private var stopped: [String] = []
    private var undeliverable: [String] = []
    /// The first failure to record outcomes: the report goes on, and says so once at the end.
    private(set) var failure: (any Error)?

    /// Opens the history and records every campaign the journal holds (nothing twice).
    init(pipeline: Pipeline, directory: RunDirectory, location: HistoryLocation, plan: BatchPlan, state: JournalState) throws {
        self.pipeline = pipeline
        self.history = try SendHistory.open(location)
        try self.history.fill(from: state, plan: plan, directory: directory)
    }

    /// One campaign's rows as fetched: their outcomes recorded, the opt-outs they imply kept for `finish`.
    func take(_ lines: [ResultLine]) {
        guard self.failure == nil else { return }
        var outcomes: [SendOutcome] = []
        outcomes.reserveCapacity(lines.count)
        for line in lines where line.status != .pending {
            let failure = line.errorMessage.flatMap(MessageFailure.classify)
            let phone = ResultKey.e164(line.phone)
            outcomes.append(
                SendOutcome(campaignId: line.campaignId, phone: phone, status: line.status.rawValue, code: failure?.code))
            if failure == .stoppedMarketing { self.stopped.append(phone) }
            if failure == .notOnWhatsApp { self.undeliverable.append(phone) }
        }
        do {
            try self.history.guarded { try self.history.history.recordOutcomes(outcomes) }
        } catch {
            self.failure = error
        }
    }

    /// The opt-outs the run's outcomes imply; throws the first failure of `take`, if any.
    func finish(plan: BatchPlan, now: Date = Date()) throws {
        if let failure = self.failure { throw failure }
        guard self.pipeline.suppressionAuto else { return }
        let found = Timestamp.utc(now)
        let twice = try self.history.guarded {
            try self.history.history.phonesFailing(
                code: MessageFailure.notOnWhatsApp.code, inAtLeast: Self.undeliverableRuns, among: self.undeliverable)
        }
        let run = SendHistory.runKey(plan)
        let optOuts =
            self.stopped.map {
                OptOut(
                    phone: $0, reason: "\(MessageFailure.stoppedMarketing.code) stopped marketing messages", run: run,
                    foundAt: found)
            }
            + twice.map {
                OptOut(
                    phone: $0, reason: "\(MessageFailure.notOnWhatsApp.code) undeliverable in \(Self.undeliverableRuns) runs",
                    run: run, foundAt: found)
            }
        try self.history.guarded { try self.history.history.addOptOuts(optOuts) }
    }

    /// After the run is recorded: what the history's retention no longer keeps is removed, in
    /// bounded batches (opt-outs never). The campaigns of this run are as old as it, so a report
    /// never prunes what it just recorded unless the run itself is older than the retention.
    func prune(now: Date = Date()) throws -> (retention: Retention, removed: PruneCounts) {
        try self.history.guarded { try self.history.history.pruneByRetention(now: now) }
    }
}
