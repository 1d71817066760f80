import ContactHistory
import CubeAPI
import Foundation
import RunArtifacts
import Sysexits

/// The pipeline's `frequency_cap` against the contact history: for each chunk
/// of candidates, one indexed query per 5,000 phones (never one per person),
/// and the words of each reject, naming when and by which run the person was
/// last messaged. A run's own sends never count against it (validate run
/// again after submit).
struct FrequencyCheck {
    let cap: FrequencyCap
    let history: any ContactHistory
    let account: String
    let template: String
    let now: Date
    /// The history's name of this run, once it has a plan; nil before (it has sent nothing).
    let run: String?

    /// Opens the history when the pipeline has a cap; nil when it has none, or when no
    /// SQLite history exists yet (nothing was ever sent from here, so nobody is over a cap).
    static func open(pipeline: Pipeline, directory: RunDirectory, now: Date = Date()) throws -> FrequencyCheck? {
        guard !pipeline.frequencyCap.isEmpty else { return nil }
        let location = HistoryLocation.from(runDirectory: directory.path)
        guard location.mayHoldSends else { return nil }
        let plan = (try? BatchPlan.load(directory)) ?? nil
        do {
            let history = try location.open()
            try Self.checkRetention(pipeline: pipeline, history: history)
            return FrequencyCheck(
                cap: pipeline.frequencyCap, history: history, account: pipeline.account,
                template: pipeline.template.name, now: now, run: plan.map(SendHistory.runKey))
        } catch let error as HistoryError {
            throw Self.unavailable(error, pipeline: pipeline)
        }
    }

    /// A cap that looks back further than the history keeps sends would count too few and let
    /// people be messaged more often than it says: refused before anything is read.
    static func checkRetention(pipeline: Pipeline, history: any ContactHistory) throws {
        let keep = try history.retention().keepSendsDays
        let cap = pipeline.frequencyCap
        guard cap.longestHours > keep * 24 else { return }
        let limit = [cap.sameTemplate.map { "same_template: \($0)" }, cap.anyTemplate.map { "any_template: \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        throw CampaignError(
            .config,
            "\(pipeline.path): frequency_cap (\(limit)) looks back \(cap.longestHours / 24) days, "
                + "but the contact history at \(history.store) keeps sends for \(keep) days",
            hint:
                "shorten the cap's period, or keep sends longer: campaign-history retention --keep-sends \((cap.longestHours + 23) / 24)d"
        )
    }

    static func unavailable(_ error: HistoryError, pipeline: Pipeline) -> CampaignError {
        CampaignError(
            .unavailable, "\(error); frequency_cap cannot be checked",
            hint: "check CUBE_STATE_URL or CUBE_STATE_DIR, or remove frequency_cap from \(pipeline.path) to validate without it")
    }

    /// Of these E.164 numbers (as dedupe keys: the digits as a number), those over a cap, with why.
    func over(_ keys: [UInt64]) throws -> [UInt64: String] {
        guard !keys.isEmpty else { return [:] }
        let since = Timestamp.utc(self.now.addingTimeInterval(-Double(self.cap.longestHours) * 3600))
        let sends: [RecentSend]
        do {
            sends = try self.history.recentSends(
                phones: keys.map { "+\($0)" }, account: self.account, since: since, excludingRun: self.run,
                failed: false)
        } catch let error as HistoryError {
            throw CampaignError(
                .unavailable, "\(error); frequency_cap cannot be checked",
                hint: "check CUBE_STATE_URL or CUBE_STATE_DIR, then validate again")
        }
        var found: [UInt64: String] = [:]
        for (phone, messages) in Dictionary(grouping: sends, by: \.phone) {
            guard let why = self.verdict(messages) else { continue }
            found[RecipientRules.dedupeKey(phone.utf8)] = why
        }
        return found
    }

    /// Why these messages to one person leave no room for another, or nil.
    func verdict(_ messages: [RecentSend]) -> String? {
        if let limit = self.cap.sameTemplate,
            let why = self.verdict(
                messages.filter { $0.template == self.template }, limit, "same_template", what: "with \(self.template)")
        {
            return why
        }
        if let limit = self.cap.anyTemplate,
            let why = self.verdict(messages, limit, "any_template", what: "on account \(self.account)")
        {
            return why
        }
        return nil
    }

    private func verdict(_ messages: [RecentSend], _ limit: FrequencyCap.Limit, _ key: String, what: String) -> String? {
        let since = Timestamp.utc(self.now.addingTimeInterval(-Double(limit.hours) * 3600))
        let counted = messages.filter { $0.startsAt >= since }
        guard counted.count >= limit.count, let last = counted.max(by: { $0.startsAt < $1.startsAt }) else { return nil }
        let times = counted.count == 1 ? "once" : counted.count == 2 ? "twice" : "\(counted.count) times"
        return
            "messaged \(times) \(what) since \(since) (frequency_cap \(key): \(limit)); last by run \(last.run), going out \(last.startsAt)"
    }
}
