public import CampaignCore
public import ContactHistory
public import CubeAPI
import Foundation
public import Logging
import RecipientIO
public import RunArtifacts
import Sysexits

/// Polls the run's campaigns to a terminal status, fetches their results and
/// writes a report in which every input record appears exactly once.
public struct ReportStage: Sendable {
    public struct Options: Sendable {
        public var wait = true
        public var timeout: Double = 3600
        public var bom = false
        public var fetch: Pipeline.FetchMode?
        public var listening = false

        public init(wait: Bool = true, timeout: Double = 3600, bom: Bool = false, fetch: Pipeline.FetchMode? = nil) {
            self.wait = wait
            self.timeout = timeout
            self.bom = bom
            self.fetch = fetch
        }
    }

    public enum Completion: Sendable {
        case complete
        case notYet(String)
    }

    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let client: CubeClient
    public let logger: Logger
    public var options: Options
    /// Campaigns a webhook reported complete since the last ask: each wakes the wait once, then the
    /// usual backoff decides (the listener forgets what it handed over).
    public var completedByWebhook: @Sendable () async -> Set<String> = { [] }

    /// Where the contact history is; nil: from the environment (`HistoryLocation.from`).
    public var history: HistoryLocation?

    public init(pipeline: Pipeline, directory: RunDirectory, client: CubeClient, logger: Logger, options: Options) {
        self.pipeline = pipeline
        self.directory = directory
        self.client = client
        self.logger = logger
        self.options = options
    }

    public func run() async throws -> (Completion, ReportSummary) {
        let started = Date()
        let lock = try ExclusiveLock.run(self.directory)
        defer { withExtendedLifetime(lock) {} }
        try self.directory.require(self.directory.plan, from: "campaign-submit")
        let plan = try BatchPlan.read(self.directory)
        let journal = try Journal(path: self.directory.journal)
        // Throws when a journaled part's key is not the plan's: nobody is called sent from another plan's campaign.
        let before = try JournalState(plan: plan, events: journal.events, journal: journal.path)
        let (fetched, paused) = try await self.poll(before.createdCampaigns, journal: journal, plan: plan)
        let batchOfPart = Dictionary(before.parts.map { ($0.id, $0.batch) }, uniquingKeysWith: { first, _ in first })
        let snapshots = fetched.map { snapshot in
            var zoned = snapshot
            zoned.timezone = batchOfPart[snapshot.part].map { plan.zone(of: $0) } ?? plan.timezone
            zoned.canary = batchOfPart[snapshot.part].flatMap { plan.canaryBatches.contains($0) ? true : nil }
            return zoned
        }
        // An auto-pause journals its cancellations: the rest of the report goes by the journal as it is now.
        let state = paused == nil ? before : try JournalState(plan: plan, events: journal.events, journal: journal.path)
        let open = state.parts.filter(\.mayExist)
        if paused != nil, !open.isEmpty {
            self.logger.warning("auto-pause: \(SubmitStage.openWords(open, plan: plan)), and cancel it there")
        }
        try ArtifactJSON.write(snapshots, to: self.directory.campaigns)
        let polled = Date()
        let pending = snapshots.filter { !$0.status.isTerminal }
        // The report accounts for the run whatever the history's state; the next report records what this one could not.
        var recorder: ReportHistory?
        do {
            recorder = try ReportHistory(
                pipeline: self.pipeline, directory: self.directory,
                location: self.history ?? HistoryLocation.from(runDirectory: self.directory.path), plan: plan, state: state)
        } catch {
            self.logger.warning("the contact history did not take this report's outcomes and opt-outs: \(error)")
        }
        let results = try self.resultFetcher(snapshots, observe: { recorder?.take($0) })
        var summary = try await ReportJoin(
            pipeline: self.pipeline, directory: self.directory, plan: plan, state: state,
            snapshots: snapshots, bom: self.options.bom
        ).write(results: results)
        try results.commit()
        do {
            try recorder?.finish(plan: plan)
        } catch {
            self.logger.warning("the contact history did not take this report's outcomes and opt-outs: \(error)")
        }
        self.prune(recorder)
        summary.timings = ["poll_s": polled.timeIntervalSince(started), "fetch_and_join_s": Date().timeIntervalSince(polled)]
        summary.requests = results.requests
        if self.pipeline.pace != nil { summary.parts = snapshots.map(Self.partStart) }
        try ArtifactJSON.write(summary, to: self.directory.summary)
        var manifest = try RunManifest.load(self.directory)
        let text = try? MessageTemplate.load(self.directory)
        // The first three, and the first in each language the plan sent in (those with text kept).
        let rendered = try text.map { text in
            let scan = try MessageScan.scan(
                self.directory, template: text, keep: 3, firstOnly: true,
                languages: plan.languages.filter { text.text(in: $0) != nil })
            let more = plan.languages.compactMap { scan.firstIn[$0] }.filter { !scan.first.contains($0) }
            return scan.first + more
        }
        try ReportHTML.write(
            summary: summary, snapshots: snapshots, manifest: manifest, examples: summary.examples,
            messages: text.flatMap { template in rendered.map { (template, $0) } }, timeline: self.pipeline.pace != nil,
            to: self.directory.html)
        manifest.stages.report = .init(records: summary.records, byOutcome: summary.byOutcome)
        try manifest.save(self.directory)
        // Paused: 65 once what had started has finished (and been accounted for); until then, not yet.
        if let paused, pending.isEmpty {
            throw CampaignError(
                .dataError, "auto-paused: " + AutoPause.message(paused),
                hint:
                    "see \(self.directory.report) for who failed and why; to send the cancelled part(s) after all, start a new run of them"
            )
        }
        if !pending.isEmpty {
            let next = pending.map { snapshot in
                snapshot.scheduledAt.map { "\(snapshot.campaignId) is scheduled for \($0)" }
                    ?? "\(snapshot.campaignId) is \(snapshot.status)"
            }
            let prefix = paused.map { "auto-paused (\(AutoPause.message($0))); the parts that had started are finishing: " } ?? ""
            return (.notYet(prefix + next.joined(separator: "; ")), summary)
        }
        return (.complete, summary)
    }

    /// Retention, once the run is recorded; a failure costs nothing but the space, and the next report tries again.
    func prune(_ recorder: ReportHistory?) {
        guard let recorder else { return }
        do {
            let (retention, removed) = try recorder.prune()
            guard removed != PruneCounts() else { return }
            self.logger.notice(
                """
                contact history: removed \(removed.sends) send(s) in \(removed.campaigns) campaign(s) older than \(retention.keepSendsDays) days \
                and \(removed.inboxEvents) inbox event(s) older than \(retention.keepInboxDays) days (its retention; opt-outs are kept)
                """)
        } catch {
            self.logger.warning(
                "the contact history could not remove what its retention no longer keeps: \(error); the next report tries again")
        }
    }

    // MARK: Poll

    func poll(
        _ campaigns: [(part: JournalState.Part, campaignId: String)], journal: Journal, plan: BatchPlan
    ) async throws -> ([CampaignSnapshot], AutoPauseDecision?) {
        let recipients = plan.recipients
        let canaryParts = plan.canaryBatches
        var latest: [String: Campaign] = [:]
        let pause = self.pipeline.maxFailureRate.map { AutoPause(limit: $0) }
        let canary = self.pipeline.canaryFailureRate.flatMap { limit in
            canaryParts.isEmpty ? nil : Canary(limit: limit, parts: canaryParts)
        }
        // An earlier report that judged the canary paused the run (auto-pause.json) or let it go on; either
        // way the counts are the same when asked again, so judging again only repeats the words.
        var canaryJudged = false
        var lastNext: String?
        // An earlier report of this run paused it already: say so again, never judge twice.
        var paused = try AutoPauseDecision.load(self.directory)
        // Whether this report has made sure an earlier pause's cancels were all done.
        var finishedPause = paused == nil
        let deadline = Date().addingTimeInterval(self.options.timeout)
        var attempt = 0
        // Campaigns a webhook already woke the wait for.
        var woken = Set<String>()
        // With a webhook listener the waits can be long: a completed campaign wakes us.
        let policy = RetryPolicy(maxAttempts: .max, baseDelay: 0.5, maxDelay: self.options.listening ? 30 : 15)
        while true {
            for (_, id) in campaigns {
                if let known = latest[id], known.status.isTerminal { continue }
                do {
                    latest[id] = try await self.client.campaign(id: id)
                } catch {
                    throw CampaignError.from(error, doing: "reading campaign \(id)")
                }
            }
            // A pause decided by an earlier report that died before its last cancel is carried out first.
            if let decided = paused, !finishedPause {
                finishedPause = true
                if try await self.finishPause(decided, campaigns, latest: &latest, journal: journal) { continue }
            }
            // The canary first: once its parts are finished it is judged, once, and failing it pauses the run.
            if paused == nil, !canaryJudged, let canary, let counts = canary.finished(campaigns, latest: latest) {
                canaryJudged = true
                paused = try await self.judge(canary, counts: counts, campaigns, latest: &latest, journal: journal)
                if paused != nil { continue }
            }
            if paused == nil, let pause, let (failed, finished) = pause.tripped(latest, recipients: recipients) {
                paused = try await self.pause(
                    campaigns, latest: &latest, failed: failed, finished: finished, limit: pause.limit, journal: journal)
                continue
            }
            let open = campaigns.filter { !(latest[$0.campaignId]?.status.isTerminal ?? false) }
            if open.isEmpty || !self.options.wait { break }
            // Campaigns scheduled for a later day will not finish in this run's patience.
            let allLater = open.allSatisfy {
                latest[$0.campaignId]?.scheduledAt.flatMap { Timestamp.parse($0) }.map { $0 > deadline } ?? false
            }
            if Date() > deadline || allLater { break }
            attempt += 1
            let wait = min(policy.delay(afterAttempt: min(attempt, 5)), max(0.1, deadline.timeIntervalSinceNow))
            self.logger.info(
                "waiting for campaigns",
                metadata: ["open": .stringConvertible(open.count), "wait_s": .stringConvertible((wait * 10).rounded() / 10)])
            if let next = Self.nextStart(open, plan: plan), next != lastNext {
                // A paced run waits hours between parts: say for what, rather than go quiet.
                self.logger.notice("\(next)")
                lastNext = next
            }
            try await self.sleep(wait, unlessHookedBy: open, woken: &woken)
        }
        let snapshots = campaigns.compactMap { part, id -> CampaignSnapshot? in
            guard let campaign = latest[id] else { return nil }
            return CampaignSnapshot(
                part: part.id, campaignId: id, status: campaign.status, total: campaign.totalCount,
                sent: campaign.sentCount, failed: campaign.failedCount, scheduledAt: campaign.scheduledAt,
                recipients: part.count)
        }
        return (snapshots, paused)
    }

    /// Waits `wait` seconds, or less: a campaign.completed webhook for an open campaign ends the wait
    /// early, once per campaign. An event that outruns the API's status (or a replayed one) must not
    /// turn the wait into a loop of polls; the usual backoff then goes on until the API agrees.
    func sleep(
        _ wait: TimeInterval, unlessHookedBy open: [(part: JournalState.Part, campaignId: String)], woken: inout Set<String>
    ) async throws {
        let until = Date().addingTimeInterval(wait)
        while Date() < until {
            let hooked = await self.completedByWebhook().subtracting(woken)
            let fresh = open.filter { hooked.contains($0.campaignId) }.map(\.campaignId)
            if !fresh.isEmpty {
                woken.formUnion(fresh)
                self.logger.info("a webhook reported a campaign completed; polling it now")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    // MARK: Fetch

    func fetchMode(_ snapshots: [CampaignSnapshot]) -> Pipeline.FetchMode {
        let mode = self.options.fetch ?? self.pipeline.fetch
        guard mode == .auto else { return mode }
        let pages = snapshots.reduce(0) { $0 + ($1.total + 99) / 100 }
        guard let limit = self.client.observedRateLimit, limit > 0 else { return .full }
        // More than about three minutes of the API's rate limit: fetch only failures.
        return Double(pages) / Double(limit) > 3 ? .failures : .full
    }

    func resultFetcher(
        _ snapshots: [CampaignSnapshot], observe: @escaping ([ResultLine]) -> Void
    ) throws -> CampaignResults {
        let mode = self.fetchMode(snapshots)
        self.logger.info("fetching results", metadata: ["mode": .string(mode.rawValue)])
        return try CampaignResults(
            fetcher: ResultFetcher(client: self.client, logger: self.logger), mode: mode,
            path: self.directory.results, observe: observe)
    }
}

extension ReportStage {
    public init(_ context: StageContext, options: Options) throws {
        self.init(
            pipeline: context.pipeline, directory: context.directory, client: try context.requireClient(),
            logger: context.logger, options: options)
    }
}
