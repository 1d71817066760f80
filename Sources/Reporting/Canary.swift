import CampaignCore
import CubeAPI
import Foundation
import Logging
import RunArtifacts

/// `pace.canary`: the run's first, small parts, judged before the rest start. Once every canary
/// part has finished (completed, or cancelled), its failure rate is compared with the limit
/// (`max_failure_rate`, 20% by default): above it, the report cancels every part not yet started
/// through the auto-pause path; at or below it, the rest go as planned.
struct Canary {
    let limit: Double
    /// The canary's parts, by batch index.
    let parts: Set<Int>

    /// The canary's counts once all its parts are finished; nil while one is still to finish.
    func finished(
        _ campaigns: [(part: JournalState.Part, campaignId: String)], latest: [String: Campaign]
    ) -> (sent: Int, failed: Int)? {
        let canaries = campaigns.filter { self.parts.contains($0.part.batch) }
        // A submit that stopped before the whole canary was created: judge it whole, later.
        guard !canaries.isEmpty, Set(canaries.map(\.part.batch)) == self.parts else { return nil }
        var sent = 0
        var failed = 0
        for (_, id) in canaries {
            guard let campaign = latest[id], campaign.status.isTerminal else { return nil }
            sent += campaign.sentCount
            failed += campaign.failedCount
        }
        return (sent, failed)
    }

    /// Whether more of the canary failed than the limit lets through.
    func failedCheck(_ counts: (sent: Int, failed: Int)) -> Bool {
        Double(counts.failed) > self.limit * Double(counts.sent + counts.failed)
    }
}

extension ReportStage {
    /// The canary's most frequent errors, from its failed recipients (a few pages at most of each part).
    func topErrors(of canaries: [(part: JournalState.Part, campaignId: String)]) async throws
        -> [AutoPauseDecision.ErrorCount]
    {
        var counts: [String: Int] = [:]
        for (_, id) in canaries {
            var page = 1
            while page <= 10 {
                let answer: RecipientPage
                do {
                    answer = try await self.client.recipients(campaignId: id, page: page, perPage: 100, status: .failed)
                } catch {
                    throw CampaignError.from(error, doing: "reading the canary's failures (campaign \(id))")
                }
                for result in answer.recipients { counts[result.errorMessage ?? "(no error given)", default: 0] += 1 }
                if page >= answer.pagination.lastPage { break }
                page += 1
            }
        }
        return counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(3).map {
            AutoPauseDecision.ErrorCount(error: $0.key, count: $0.value)
        }
    }

    /// The canary's verdict once its parts have finished: above its limit, the run is paused (every part
    /// not yet started cancelled, then the canary's top errors kept, best effort: they are words for a
    /// person and must not delay or stop the cancel); at or below it, nil, and the rest go as planned.
    func judge(
        _ canary: Canary, counts: (sent: Int, failed: Int), _ campaigns: [(part: JournalState.Part, campaignId: String)],
        latest: inout [String: Campaign], journal: Journal
    ) async throws -> AutoPauseDecision? {
        guard canary.failedCheck(counts) else {
            self.logger.notice(
                "canary passed: \(counts.sent) sent, \(counts.failed) failed (at most \(AutoPause.percent(canary.limit)) may fail); the rest go as planned"
            )
            return nil
        }
        var decision = try await self.pause(
            campaigns, latest: &latest, failed: counts.failed, finished: counts.sent + counts.failed,
            limit: canary.limit, journal: journal, canary: true)
        decision.topErrors = try? await self.topErrors(of: campaigns.filter { canary.parts.contains($0.part.batch) })
        try decision.save(self.directory)
        return decision
    }

    /// Cancels every part of `campaigns` not yet started, keeping the decision before the first cancel
    /// (a report that dies halfway is still a paused run to the next one, which `finishPause` completes)
    /// and after the last.
    func pause(
        _ campaigns: [(part: JournalState.Part, campaignId: String)], latest: inout [String: Campaign],
        failed: Int, finished: Int, limit: Double, journal: Journal, canary: Bool? = nil,
        topErrors: [AutoPauseDecision.ErrorCount]? = nil
    ) async throws -> AutoPauseDecision {
        let waiting = Self.notStarted(campaigns, latest: latest)
        let kept = AutoPauseDecision(
            failed: failed, finished: finished, cancelled: waiting.map(\.part.id),
            recipients: waiting.reduce(0) { $0 + $1.part.count }, limit: limit, canary: canary, topErrors: topErrors)
        // The journal first: a submit reads it (and the decision, for runs an older report paused).
        try Self.halt(journal, kept)
        try kept.save(self.directory)
        let cancelled = try await self.cancel(waiting, latest: &latest, journal: journal)
        let decision = AutoPauseDecision(
            failed: failed, finished: finished, cancelled: cancelled.cancelled,
            recipients: cancelled.recipients, limit: limit, canary: canary, topErrors: topErrors)
        try decision.save(self.directory)
        self.logger.warning("auto-pause: \(AutoPause.message(decision))")
        return decision
    }

    /// An earlier report kept `decided` and died before its last cancel: what it meant to cancel and has
    /// not started yet is cancelled now, or those parts would go after all. Whether anything was.
    func finishPause(
        _ decided: AutoPauseDecision, _ campaigns: [(part: JournalState.Part, campaignId: String)],
        latest: inout [String: Campaign], journal: Journal
    ) async throws -> Bool {
        try Self.halt(journal, decided)
        let left = Self.notStarted(campaigns, latest: latest).filter { decided.cancelled.contains($0.part.id) }
        guard !left.isEmpty else { return false }
        self.logger.warning("auto-pause: \(left.count) part(s) it meant to cancel had not been; cancelling them now")
        _ = try await self.cancel(left, latest: &latest, journal: journal)
        return true
    }

    /// Journals that the run is stopped (once), so no submit afterwards sends a part that was never
    /// asked for: cancelling what exists does not stop what a stopped submit had not created yet.
    static func halt(_ journal: Journal, _ decision: AutoPauseDecision) throws {
        guard !journal.events.contains(where: { $0.kind == .halted }) else { return }
        try journal.append(.halted(message: "paused by report: " + AutoPause.message(decision)))
    }

    /// The parts whose campaigns can still be cancelled (they have not started), by the latest poll.
    static func notStarted(_ campaigns: [(part: JournalState.Part, campaignId: String)], latest: [String: Campaign])
        -> [(part: JournalState.Part, campaignId: String)]
    {
        campaigns.filter { latest[$0.campaignId].map { RunCancellation.cancellable($0.status) } ?? false }
    }

    /// Cancels `parts` through the path `--cancel` takes, and forgets their latest status, so the next
    /// poll reads them as they are now.
    func cancel(
        _ parts: [(part: JournalState.Part, campaignId: String)], latest: inout [String: Campaign], journal: Journal
    ) async throws -> RunCancellation.Result {
        let result = try await RunCancellation(
            client: self.client, journal: journal, output: { [logger] in logger.warning("\($0)") }
        ).cancel(parts, known: latest)
        for (_, id) in parts { latest[id] = nil }
        return result
    }
}
