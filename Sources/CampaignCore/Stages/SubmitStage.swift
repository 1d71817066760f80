public import ContactHistory
public import CubeAPI
public import Foundation
public import Logging
import RecipientIO
public import RunArtifacts
import Sysexits

/// Creates one campaign per planned part, never twice: the journal records the
/// intent (fsync'd) before each POST and the outcome after; a rerun skips what
/// was created and resends what is unknown only with the same idempotency key.
/// The journal is bound to its plan (`JournalState` checks every key), one
/// process writes a run at a time (`ExclusiveLock.run`), and no campaign starts
/// outside the send window (`SendWindow`).
public struct SubmitStage {
    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let client: CubeClient
    public let logger: Logger
    public var output: @Sendable (String) -> Void
    /// Asked between creates: SIGTERM lets the create in flight and its journal line finish, then stops.
    public var stop: StopRequest
    /// Now, as submit sees it.
    public var clock: @Sendable () -> Date
    /// Send although most recipients were sent the same template by another run in the last 24 hours.
    public var allowResend = false
    /// Where the contact history is; nil: from the environment (`HistoryLocation.from`).
    public var history: HistoryLocation?

    public init(
        pipeline: Pipeline, directory: RunDirectory, client: CubeClient, logger: Logger,
        output: @escaping @Sendable (String) -> Void = { print($0) }, stop: StopRequest = StopRequest(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.pipeline = pipeline
        self.directory = directory
        self.client = client
        self.logger = logger
        self.output = output
        self.stop = stop
        self.clock = clock
    }

    /// The run's writer lock, for a caller that makes several calls (plan, preflight, submit) as one.
    public func lock() throws -> ExclusiveLock { try ExclusiveLock.run(self.directory) }

    /// The submit step as the CLI and the inbox both run it, under the run's lock:
    /// plan (or check the fixed plan), settle what an operator resolved, check the
    /// template, then create whatever the journal does not hold yet.
    public func run(resolving resolutions: [String] = []) async throws -> Summary {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        let plan = try self.plan()
        if let groups = plan.groups {
            self.output("\(self.groupsTitle(count: groups.count)), each with its own part(s):")
            ZoneGroups.describe(plan).forEach(self.output)
        }
        for group in plan.groups ?? [] where group.skipped != nil {
            self.logger.warning(
                "\(group.recipients) recipient(s) of \(group.regions.keys.sorted().joined(separator: ", ")) are not sent: \(group.skipped ?? ""); the other groups go"
            )
        }
        for resolution in resolutions { try self.resolve(resolution, plan: plan) }
        try await self.preflight(languages: plan.languages)
        return try await self.submit(plan: plan)
    }

    // MARK: Plan

    /// Makes the plan for `moment` (default now) while nothing is journaled; once
    /// something is, the plan is fixed: plan.json must be the one the journal was
    /// written for, or, when missing, the plan rebuilt from the pipeline and the
    /// recipients must match the journal exactly.
    public func plan(at moment: Date? = nil) throws -> BatchPlan {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        let journal = try Journal(path: self.directory.journal)
        guard !journal.events.isEmpty else {
            if let created = try RunManifest.load(self.directory).stages.submit?.created, created > 0 {
                throw CampaignError(
                    .dataError,
                    "\(journal.path) is missing or empty, but \(RunFile.manifest) says \(created) campaign(s) "
                        + "of this run were created",
                    hint: "restore the journal from a backup; planning afresh would send those recipients a second message")
            }
            let (plan, layout) = try BatchPlan.build(pipeline: self.pipeline, run: self.directory, at: moment ?? self.clock())
            try layout?.write(self.directory)
            try plan.save(self.directory)
            return plan
        }
        if moment != nil { self.output("this run has started submitting: its plan is fixed, --at changes nothing") }
        return try self.boundPlan(journal: journal)
    }

    private func boundPlan(journal: Journal) throws -> BatchPlan {
        let planPath = self.directory.plan
        let existing = try BatchPlan.load(self.directory)
        guard let plannedAt = (existing?.plannedAt ?? journal.planned?.plannedAt).flatMap({ Timestamp.parse($0) }) else {
            throw CampaignError(
                .dataError, "\(planPath) is missing and \(journal.path) does not say which plan it was written for",
                hint: "put back the \(RunFile.plan) this run was submitted with; to send new data, start a new run directory")
        }
        let (rebuilt, layout) = try BatchPlan.build(
            pipeline: self.pipeline, run: self.directory, at: plannedAt, keeping: existing)
        if let existing, let change = rebuilt.difference(from: existing) {
            throw CampaignError(
                .dataError, "the run changed after submitting started: \(change)",
                hint: "finish this run with what it was planned with (put back the pipeline or \(RunFile.recipients)), "
                    + "or start a new run directory for the new data")
        }
        // Names the first journaled part whose key, offset or count the plan does not have.
        _ = try JournalState(plan: rebuilt, events: journal.events, journal: journal.path)
        // A zoned plan's groups come from plan.json itself (their zones decide the hours): it must be the one journaled.
        if let existing, existing.order == BatchPlan.zoneOrder, let digest = journal.planned?.planDigest,
            digest != (try existing.digest())
        {
            throw CampaignError(
                .dataError, "\(planPath) is not the plan \(journal.path) was written for",
                hint: "put back the \(RunFile.plan) this run was submitted with, or start a new run directory")
        }
        if existing == nil {
            if let digest = journal.planned?.planDigest, digest != (try rebuilt.digest()) {
                throw CampaignError(
                    .dataError,
                    "\(planPath) is missing, and the plan rebuilt from the pipeline and recipients is not the one \(journal.path) was written for",
                    hint: "put back the pipeline and \(RunFile.plan) the run was submitted with, or start a new run directory")
            }
            try rebuilt.save(self.directory)
            self.output("\(RunFile.plan) was missing: rebuilt from the pipeline and recipients; it matches the journal")
        }
        // Only once the plan is proven the run's: its digests hold the zoned copy to the same bytes.
        if let layout, !ZoneIndex.isWritten(self.directory, for: rebuilt) {
            try layout.write(self.directory)
            self.output(
                "\(ZoneIndex.zonedRecipients) was missing: laid out again from \(RunFile.recipients); it matches the plan")
        }
        return rebuilt
    }

    /// `pace:` in words: what goes first, how long the rest wait, how fast they go.
    static func describe(_ pace: PaceSpec, limit: Double?) -> String {
        var words: [String] = []
        switch pace.canary {
        case .share(let share)?:
            let percent = (share * 1_000).rounded() / 10
            words.append(
                "a canary of \(percent == percent.rounded() ? String(Int(percent)) : String(percent))% of each group first")
        case .count(let count)?: words.append("a canary of \(count) recipients first")
        case nil: break
        }
        if pace.canary != nil {
            let hours = pace.canaryWait / 3_600
            words.append(
                "the rest no sooner than \(hours == hours.rounded() ? "\(Int(hours)) h" : "\(Int(pace.canaryWait / 60)) m") after it, "
                    + "and only if at most \(Int(((limit ?? PaceSpec.defaultCanaryFailureRate) * 100).rounded()))% of it failed "
                    + "(campaign-report judges it and cancels the rest otherwise)")
        }
        if let perHour = pace.perHour { words.append("at most \(perHour) recipients starting in any hour") }
        return "paced (pace:): " + words.joined(separator: "; ")
    }

    /// `schedule.local_time: 4 zone group(s)`, `language: 2 language group(s)`, or both.
    func groupsTitle(count: Int) -> String {
        switch (self.pipeline.schedule.localTime, self.pipeline.language != nil) {
        case (true, true): "schedule.local_time and language: \(count) group(s) of one zone group and one language"
        case (false, true): "language: \(count) language group(s)"
        default: "schedule.local_time: \(count) zone group(s)"
        }
    }

    public func describe(_ plan: BatchPlan) -> String {
        var lines = [
            "plan for run \(plan.runId): \(plan.recipients) recipients in \(plan.batches.count) batch(es), template \(plan.template) [\(plan.language)], account \(plan.account)",
            "  planned for \(plan.plannedAt); send window \(SendWindow(schedule: self.pipeline.schedule))"
                + (self.pipeline.schedule.localTime ? ", in each recipient's own zone (schedule.local_time)" : ""),
        ]
        if let pace = self.pipeline.pace { lines.append("  " + Self.describe(pace, limit: self.pipeline.canaryFailureRate)) }
        for batch in plan.batches {
            let name = plan.zone(of: batch.index)
            let zone = TimeZone(identifier: name) ?? TimeZone(identifier: "UTC") ?? .current
            let start =
                batch.scheduledAt.flatMap { Timestamp.parse($0) }
                .map { "at \(Timestamp.utc($0)) (\(Timestamp.local($0, in: zone)) \(name))" } ?? "now"
            let group =
                (batch.zone.map { " in \(batch.window ?? plan.window) \($0)" } ?? "")
                + (batch.language.map { " in \($0)" } ?? "")
            let canary = batch.canary == true ? " (canary)" : ""
            lines.append(
                "  part \(batch.index)/\(plan.batches.count)\(canary): \(batch.count) recipients\(group), \(start), key \(batch.idempotencyKey)"
            )
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Preflight

    /// Checks the template before anything is created: it exists, in the
    /// language (and in every other language the plan sends in, `language:`), with a
    /// parameter count the mapping fills; and, before the first create, that `schedule.at` is ahead.
    public func preflight(languages: [String] = []) async throws {
        let templates: [Template]
        do {
            templates = try await self.client.templates(account: self.pipeline.account)
        } catch {
            throw CampaignError.from(error, doing: "checking the templates of account \(self.pipeline.account)")
        }
        let spec = self.pipeline.template
        let named = templates.filter { $0.name == spec.name }
        guard !named.isEmpty else {
            throw CampaignError(
                .config, "the template '\(spec.name)' is not approved for account \(self.pipeline.account)",
                hint:
                    "approved templates: \(Set(templates.map(\.name)).sorted().joined(separator: ", ")); fix template.name in \(self.pipeline.path)"
            )
        }
        let available = named.map(\.language).sorted().joined(separator: ", ")
        guard let template = named.first(where: { $0.language == spec.language }) else {
            throw CampaignError(
                .config, "the template '\(spec.name)' has no '\(spec.language)' version",
                hint: "available languages: \(available); fix template.language")
        }
        let provided = spec.params.isEmpty ? self.pipeline.mapping.variables.count : spec.params.count
        guard provided == template.paramsCount else {
            throw CampaignError(
                .config,
                "the template '\(spec.name)' [\(spec.language)] needs \(template.paramsCount) variables but the pipeline fills \(provided)",
                hint: "make mapping.variables name {{1}} to {{\(template.paramsCount)}} in \(self.pipeline.path)")
        }
        for language in languages where language != spec.language {
            guard let translation = named.first(where: { $0.language == language }) else {
                throw CampaignError(
                    .config,
                    "recipients of this run are to get the template '\(spec.name)' in '\(language)', which the API does not have approved; nothing was created",
                    hint:
                        "the API has it in: \(available). Map those recipients to one of them (language.map, language.fallback) in \(self.pipeline.path) and validate again, or have the translation approved"
                )
            }
            guard translation.paramsCount == template.paramsCount else {
                throw CampaignError(
                    .config,
                    "the template '\(spec.name)' needs \(translation.paramsCount) variables in '\(language)' but \(template.paramsCount) in '\(spec.language)'; nothing was created",
                    hint:
                        "every language of a template must take the same variables: fix the translation, or send it in another language"
                )
            }
        }
        // Once parts exist, a start that has passed moves the rest to the window's next opening instead.
        let started = !(try Journal(path: self.directory.journal).events.isEmpty)
        try self.checkMessages(TemplateFetch.find(self.pipeline, in: templates), started: started)
        if let at = self.pipeline.schedule.at, !started {
            let zone = SendWindow(schedule: self.pipeline.schedule).zone
            guard let date = Timestamp.parse(at, zone: zone), date > self.clock() else {
                throw CampaignError(
                    .config, "schedule.at \(at) (\(self.pipeline.schedule.timezone)) is not in the future",
                    hint: "set a future schedule.at, or remove it to send now")
            }
        }
    }

    /// The run keeps the template's text (`template.json`) from the first stage that read it; when
    /// validate could not read it, every message's length is checked here, before any create.
    func checkMessages(_ fetched: MessageTemplate?, started: Bool) throws {
        let kept = try MessageTemplate.kept(
            in: self.directory, name: self.pipeline.template.name, language: self.pipeline.template.language,
            others: TemplateFetch.otherLanguages(self.pipeline))
        guard let text = kept ?? fetched else { return }
        if kept == nil && !started { try text.save(self.directory) }
        guard (try? RunManifest.load(self.directory))?.stages.validate?.messageLengthsChecked != true else { return }
        let scan = try MessageScan.scan(self.directory, template: text, keep: 0)
        guard scan.tooLong > 0, let first = scan.firstTooLong else { return }
        throw CampaignError(
            .config,
            "\(scan.tooLong) message(s) would be longer than WhatsApp's \(MessageTemplate.maxLength) characters (first: \(first.source) record \(first.record), \(first.length) characters); nothing was created",
            hint: "run campaign-validate again now that the API answers: it rejects them as message_too_long")
    }

    // MARK: Submit

    public struct Summary: Sendable {
        public var runId: String
        public var created: Int
        public var parts: Int
    }

    public func submit(plan: BatchPlan) async throws -> Summary {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        guard plan.recipients > 0 else {
            throw CampaignError(
                .dataError, "there is nothing valid to send: \(RunFile.recipients) is empty",
                hint: "see \(self.directory.rejects) for why every record was rejected")
        }
        let journal = try Journal(path: self.directory.journal)
        try Self.refuseHalted(
            JournalState(plan: plan, events: journal.events, journal: journal.path), plan: plan, directory: self.directory)
        let history = try SendHistory.open(self.history ?? HistoryLocation.from(runDirectory: self.directory.path))
        // Parts whose campaign and phones this process gave the history: the run's end does not read them again.
        var recorded = try self.begin(plan: plan, journal: journal, history: history)
        try await self.keepPace(plan: plan, journal: journal)
        var handled = Set<String>()
        var prefetch: (id: String, task: Task<[WireRecipient], any Error>)?
        defer { prefetch?.task.cancel() }
        while true {
            let state = try JournalState(plan: plan, events: journal.events, journal: journal.path)
            // Every group's canary before any later part (a paced plan): a run stopped between groups
            // leaves no later part that a resumed canary would then start too close to.
            let unsent = state.parts.filter { !handled.contains($0.id) && Self.needsSending($0.status) }
            let isCanary = { (part: JournalState.Part) in plan.batch(part.batch)?.canary == true }
            let pending = unsent.filter(isCanary) + unsent.filter { !isCanary($0) }
            guard let next = pending.first else {
                let created = state.createdCampaigns.count
                try self.record(state: state)
                try history.fill(from: state, plan: plan, directory: self.directory, recorded: recorded)
                return Summary(runId: plan.runId, created: created, parts: state.parts.count)
            }
            if let why = self.stop.why {
                throw CampaignError(
                    .tryLater,
                    "stopped (\(why)) before part \(next.id): \(state.createdCampaigns.count) of \(state.parts.count) part(s) created",
                    hint: "run the same command again to send the rest; nothing is sent twice")
            }
            handled.insert(next.id)
            try self.refuseBlindRetry(of: next, plan: plan)
            let part = try self.settleStart(next, plan: plan, journal: journal)
            // Read the next part's recipients while this one's create is in flight.
            let recipients: [WireRecipient]
            if let ready = prefetch, ready.id == part.id {
                recipients = try await ready.task.value
            } else {
                recipients = try Self.recipients(for: part, plan: plan, directory: self.directory)
            }
            prefetch = nil
            if pending.count > 1 {
                let following = pending[1]
                let directory = self.directory
                prefetch = (following.id, Task.detached { try Self.recipients(for: following, plan: plan, directory: directory) })
            }
            if let campaignId = try await self.send(part, recipients: recipients, plan: plan, journal: journal) {
                try Self.record(part, campaignId: campaignId, recipients: recipients, plan: plan, in: history)
                recorded.insert(part.id)
            }
        }
    }

    /// A stopped run (paused by its report, a failed canary, `--cancel`) sends nothing more: not the
    /// parts never asked for, not a part of unknown outcome (a resend could make it).
    /// A run paused by an earlier release (or by a report that died before its `halted` line) is
    /// known by its `auto-pause.json`.
    static func refuseHalted(_ state: JournalState, plan: BatchPlan, directory: RunDirectory) throws {
        let paused = (try? AutoPauseDecision.load(directory)).flatMap { $0 }.map { "paused by report: " + Self.pauseWords($0) }
        guard let why = state.halted ?? paused else { return }
        let open = state.parts.filter(\.mayExist)
        let left = state.parts.filter { Self.needsSending($0.status) && !$0.mayExist }
        var words = "this run was stopped (\(why)): nothing more is sent"
        if !left.isEmpty { words += "; \(left.count) part(s) of \(left.reduce(0) { $0 + $1.count }) recipients were never sent" }
        if !open.isEmpty { words += "; " + Self.openWords(open, plan: plan) }
        throw CampaignError(
            .dataError, words,
            hint: open.isEmpty
                ? "its campaigns stand as they are, and campaign-report tells what became of each record; to send the rest, "
                    + "start a new run directory (the contact history keeps anyone already messaged from a second message)"
                : "settle the part(s) that may exist first (--resolve N=created:<campaign_id>, then --cancel), or a new run "
                    + "of the rest could message their recipients twice")
    }

    /// Parts whose create got no answer: nobody can cancel what may exist until it is found.
    public static func openWords(_ open: [JournalState.Part], plan: BatchPlan) -> String {
        "part(s) \(open.map(\.id).joined(separator: ", ")) may exist (a create got no answer) and were not cancelled: "
            + "look for " + open.map { "'\(plan.campaignName(part: $0.id))'" }.joined(separator: ", ") + " in the dashboard"
    }

    /// An older pause's decision in words (the count, not the reasons: those are report's to give).
    static func pauseWords(_ decision: AutoPauseDecision) -> String {
        "\(decision.failed) of \(decision.finished) finished recipients failed"
    }

    /// Before anything is sent: the sent-previously check (only before the run's first create: once
    /// one was tried, the journal decides what is left), and the journal's `planned` line, or, for a
    /// run already begun, the parts an earlier process created but could not record (the history
    /// went away), recorded before anything more is created, since runs elsewhere count caps and
    /// resends from the history. Answers the parts recorded.
    private func begin(plan: BatchPlan, journal: Journal, history: SendHistory) throws -> Set<String> {
        if !self.allowResend, !journal.events.contains(where: { $0.kind == .intent }) {
            try history.checkSentPreviously(plan: plan, directory: self.directory, now: self.clock())
        }
        guard journal.planned != nil else {
            try journal.append(.planned(planDigest: try plan.digest(), plannedAt: plan.plannedAt))
            return []
        }
        return try history.fill(
            from: try JournalState(plan: plan, events: journal.events, journal: journal.path), plan: plan,
            directory: self.directory)
    }

    /// A part whose last create got no answer is sent again only where the API's idempotency keys
    /// are trusted; elsewhere a person looks at the dashboard and says what happened (`--resolve`).
    private func refuseBlindRetry(of part: JournalState.Part, plan: BatchPlan) throws {
        guard !self.pipeline.trustIdempotencyKeys else { return }
        if case .unknown(let message) = part.status {
            throw CampaignError(
                .tryLater,
                "part \(part.id) may or may not have been created (\(message)), and this endpoint is not trusted to honour idempotency keys",
                hint:
                    "look for '\(plan.campaignName(part: part.id))' in the dashboard, then run campaign-submit --pipeline \(self.pipeline.path) --run \(self.directory.path) --resolve \(part.id)=created:<campaign_id> (or \(part.id)=resend if it is not there)"
            )
        }
        if part.mayExist {
            throw CampaignError(
                .tryLater, "part \(part.id) was being sent when a run stopped; its outcome is unknown",
                hint:
                    "check the dashboard for '\(plan.campaignName(part: part.id))', then --resolve \(part.id)=created:<campaign_id> or \(part.id)=resend"
            )
        }
    }

    /// The journal holds the campaign whatever happens here. A history that cannot take it stops the
    /// run before the next create: runs elsewhere would count caps and resends without these phones.
    private static func record(
        _ part: JournalState.Part, campaignId: String, recipients: [WireRecipient], plan: BatchPlan, in history: SendHistory
    ) throws {
        do {
            try history.recordCreated(part, campaignId: campaignId, phones: recipients.map(\.phone), plan: plan)
        } catch {
            throw CampaignError(
                .tryLater,
                "part \(part.id) was created (\(campaignId)), but the contact history cannot take it: \(error); stopped before the next create",
                hint:
                    "the journal holds part \(part.id); once the history is reachable, run the same command again: it records what was sent and sends the rest, nothing twice"
            )
        }
    }

    /// A paced plan behind its schedule (`PacedResume`): the parts not asked for yet get new starts,
    /// journaled before anything is sent, so the rest keep the canary's wait and `per_hour` instead
    /// of all going now. When the existing parts start is asked of the API (one request each), and
    /// only for a plan that is late.
    func keepPace(plan: BatchPlan, journal: Journal) async throws {
        guard let pace = self.pipeline.pace else { return }
        let state = try JournalState(plan: plan, events: journal.events, journal: journal.path)
        guard PacedResume.lateness(state.parts, plan: plan, now: self.clock()) != nil else { return }
        var started: [String: Date] = [:]
        for (part, campaignId) in state.createdCampaigns {
            if case .cancelled = part.status { continue }
            do {
                let campaign = try await self.client.campaign(id: campaignId)
                let created = Timestamp.parse(campaign.createdAt) ?? self.clock()
                started[part.id] = max(created, campaign.scheduledAt.flatMap { Timestamp.parse($0) } ?? created)
            } catch {
                // Not known here: it counts as starting now (or at its own later start), which only makes the rest wait longer.
                self.logger.warning(
                    "part \(part.id): when campaign \(campaignId) starts could not be read (\(error)); counted as now")
            }
        }
        // After the reads: a canary moved to now goes after them, and its wait counts from then.
        let now = self.clock()
        guard let late = PacedResume.lateness(state.parts, plan: plan, now: now) else { return }
        let moves = try PacedResume.starts(state.parts, plan: plan, pace: pace, started: started, now: now)
        let current = Dictionary(uniqueKeysWithValues: state.parts.map { ($0.id, $0.scheduledAt) })
        var moved = 0
        for move in moves where current[move.part] != move.start {
            try journal.append(.rescheduled(part: move.part, scheduledAt: move.start))
            moved += 1
            let when = move.start ?? "now"
            self.output(
                "part \(move.part): the paced plan is \(Timestamp.span(late)) behind; it starts \(when == "now" ? "now" : "at \(when)")"
            )
        }
        if moved > 0 {
            self.logger.warning(
                "a paced run resumed late: \(moved) part(s) moved so the canary's wait and per_hour still hold",
                metadata: ["late_s": .stringConvertible(Int(late))])
        }
    }

    /// Keeps every start inside the send window: a part due now (or whose start
    /// has passed) goes now inside the window, else at its next opening. Only a
    /// part nothing can exist for yet gets a new start (and key), journaled first;
    /// one whose last create got no answer keeps its request, so a due-now one
    /// waits for the window rather than risk a second campaign.
    func settleStart(_ part: JournalState.Part, plan: BatchPlan, journal: Journal) throws -> JournalState.Part {
        let window = try plan.sendWindow(of: part.batch)
        let now = self.clock()
        if let due = part.scheduledAt.flatMap({ Timestamp.parse($0, zone: window.zone) }),
            due > now.addingTimeInterval(SendWindow.margin)
        {
            return part
        }
        var start: String?
        if !window.startsNow(now) {
            guard let next = window.earliestStart(from: now) else { throw window.noOpening(for: "part \(part.id)") }
            start = Timestamp.utc(next)
        }
        guard start != part.scheduledAt else { return part }
        guard JournalState.mayChangeRequest(part) else {
            // It may exist: only the very same request (and key) may go again.
            guard part.scheduledAt != nil else {
                throw CampaignError(
                    .tryLater,
                    "part \(part.id) may already exist (a create got no answer), and asking again now would start it outside the send window \(window)",
                    hint: "run the same command again inside the window; it asks with the same key, so nothing is sent twice")
            }
            if case .rejected(_, let message) = part.status {
                // Asked again after its start had passed, and refused: whether the first try made it, only the dashboard knows.
                throw self.mayExistError(part, plan: plan, refusal: message)
            }
            return part
        }
        try journal.append(.rescheduled(part: part.id, scheduledAt: start))
        var moved = part
        moved.scheduledAt = start
        moved.key = plan.idempotencyKey(
            part: part.id, batch: part.batch, offset: part.offset, count: part.count, scheduledAt: start)
        if let start, let date = Timestamp.parse(start) {
            self.output(
                "part \(part.id): outside the send window \(window) now; it starts at \(Timestamp.local(date, in: window.zone)) (\(start))"
            )
        }
        return moved
    }

    /// A part that may exist was refused on a retry: nothing can be changed about it without an operator's word.
    func mayExistError(_ part: JournalState.Part, plan: BatchPlan, refusal: String) -> CampaignError {
        CampaignError(
            .tryLater,
            "part \(part.id) may already exist (an earlier create got no answer), and the API refused the same request again: \(refusal)",
            hint:
                "look for '\(plan.campaignName(part: part.id))' in the dashboard, then run campaign-submit --pipeline \(self.pipeline.path) "
                + "--run \(self.directory.path) --resolve \(part.id)=created:<campaign_id> (or \(part.id)=resend if it is not there)"
        )
    }

    static func recipients(for part: JournalState.Part, plan: BatchPlan, directory: RunDirectory) throws -> [WireRecipient] {
        guard let batch = plan.batch(part.batch) else { return [] }
        return try RecipientBatchReader.read(run: directory, plan: plan, batch: batch, offset: part.offset, count: part.count)
    }

    static func needsSending(_ status: JournalState.Status) -> Bool {
        switch status {
        case .planned, .attempted, .unknown, .resend, .rejected: true
        case .created, .split, .cancelled: false
        }
    }

    /// The create request, made from the plan alone: the same `PartRequest` the part's key is made from.
    static func request(for part: JournalState.Part, recipients: [WireRecipient], plan: BatchPlan, zone: TimeZone)
        -> CreateCampaignRequest
    {
        plan.request(part: part.id, batch: part.batch, offset: part.offset, count: part.count, scheduledAt: part.scheduledAt)
            .create(recipients: recipients, clock: zone)
    }

    /// Creates one part's campaign; its id when the API created it.
    @discardableResult
    private func send(_ part: JournalState.Part, recipients: [WireRecipient], plan: BatchPlan, journal: Journal) async throws
        -> String?
    {
        let key = part.key
        let window = try plan.sendWindow(of: part.batch)
        let request = Self.request(for: part, recipients: recipients, plan: plan, zone: window.zone)
        try journal.append(
            .intent(part: part.id, key: key, offset: part.offset, count: part.count, scheduledAt: part.scheduledAt))
        do {
            let campaign = try await self.client.createCampaign(
                request, idempotencyKey: key,
                keyTrusted: self.pipeline.trustIdempotencyKeys)
            try journal.append(.created(part: part.id, key: key, campaignId: campaign.campaignId))
            self.output(
                "part \(part.id): created campaign \(campaign.campaignId) for \(part.count) recipients\(part.scheduledAt.map { ", starts \($0)" } ?? "")"
            )
            return campaign.campaignId
        } catch let error as APIError where error.afterUnansweredTry && error.failure != .serverError {
            // A retry was refused after a try that got no answer: that one may have created the campaign,
            // so the part keeps its request (and key) as any part of unknown outcome does.
            // (Only a create trusted to honour its key is retried after no answer, so the key is what settles it.)
            try journal.append(
                .unknown(part: part.id, key: key, code: error.code, message: "a try got no answer, then: \(error.message)"))
            // The refusal's own exit code: a wrong key or template is not cured by waiting, only a limit is.
            throw CampaignError(
                error.exitStatus, "no answer while creating part \(part.id), then \(error.description)",
                hint: "\(error.nextStep.map { $0 + "; then " } ?? "")run campaign-submit again: it asks with the same "
                    + "idempotency key, so the campaign is found if the first try made it, and nothing is sent twice")
        } catch let error as APIError where error.failure == .tierLimit && !part.mayExist {
            let remaining = error.details?["remaining"]?.intValue ?? 0
            let limit = error.details?["daily_limit"]?.intValue ?? 0
            guard
                let parts = TierSplit.parts(
                    part: part, remaining: remaining, dailyLimit: limit,
                    window: window, now: self.clock()),
                parts.count > 1 || remaining < part.count
            else {
                try journal.append(
                    .rejected(part: part.id, key: key, code: error.code, message: error.message))
                throw CampaignError(
                    .tryLater, "the daily messaging limit refused part \(part.id): \(error.message)",
                    hint: "rerun tomorrow, or ask for a higher messaging tier")
            }
            try journal.append(.deferred(part: part.id, key: key, code: error.code, message: error.message))
            try journal.append(.split(part: part.id, parts: parts))
            self.output(
                "part \(part.id): daily limit (\(limit)/day, \(remaining) left) — split into \(parts.count) parts: "
                    + parts.map { "\($0.count) \($0.scheduledAt.map { "at \($0)" } ?? "now")" }.joined(separator: ", "))
            return nil
        } catch let error as APIError {
            switch error.failure {
            case .serverError:
                // It may have been acted on: only the same request (and key) may go again.
                try journal.append(.unknown(part: part.id, key: key, code: error.code, message: error.message))
            case .rateLimited, .tierLimit:
                // Not now, whatever the request: says nothing of an earlier try, so changes nothing about it.
                try journal.append(.rejected(part: part.id, key: key, code: error.code, message: error.message))
            case .unauthenticated, .forbidden, .notFound, .refused, .conflict, .unexpected:
                try journal.append(.rejected(part: part.id, key: key, code: error.code, message: error.message))
                // A refusal of a retry says nothing of the try that got no answer: never split or change it.
                if part.mayExist { throw self.mayExistError(part, plan: plan, refusal: error.message) }
            }
            throw CampaignError.from(error, doing: "creating part \(part.id)")
        } catch let error as TransportError {
            if error.mayHaveBeenSent {
                try journal.append(
                    .unknown(part: part.id, key: key, code: "NO_ANSWER", message: error.message))
                throw CampaignError(
                    .tryLater, "no answer while creating part \(part.id): \(error.message)",
                    hint: self.pipeline.trustIdempotencyKeys
                        ? "run campaign-submit again: it resends with the same idempotency key, so nothing is sent twice"
                        : "check the dashboard, then use --resolve \(part.id)=created:<campaign_id> or \(part.id)=resend")
            }
            try journal.append(
                .rejected(part: part.id, key: key, code: "NOT_CONNECTED", message: error.message))
            throw CampaignError(
                .unavailable, "cannot reach the Campaigns API at \(self.client.configuration.baseURL): \(error.message)",
                hint: "check CUBE_BASE_URL and the network; nothing was sent for part \(part.id)")
        }
    }

    private func record(state: JournalState) throws {
        var manifest = try RunManifest.load(self.directory)
        let created = state.createdCampaigns
        manifest.stages.submit = RunManifest.SubmitCounts(
            batches: state.parts.count, created: created.count,
            recipients: created.reduce(0) { $0 + $1.part.count },
            scheduled: created.filter { $0.part.scheduledAt != nil }.count)
        try manifest.save(self.directory)
    }

    // MARK: Resolve and cancel

    /// Settles an unknown outcome by an operator's word: `3=created:01J…` or `3=resend`.
    public func resolve(_ spec: String, plan: BatchPlan) throws {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw CampaignError(.usage, "--resolve \(spec): expected UNIT=created:<campaign_id> or UNIT=resend")
        }
        let journal = try Journal(path: self.directory.journal)
        let state = try JournalState(plan: plan, events: journal.events, journal: journal.path)
        guard let part = state.parts.first(where: { $0.id == parts[0] }) else {
            throw CampaignError(
                .usage, "--resolve: there is no part \(parts[0]) in this run",
                hint: "parts: \(state.parts.map(\.id).joined(separator: ", "))")
        }
        // Only an open outcome is the operator's to settle: a typo must not resend a created part or drop an unsent one.
        guard part.mayExist else {
            let open = state.parts.filter(\.mayExist).map(\.id)
            throw CampaignError(
                .usage, "--resolve \(spec): part \(part.id) is \(Self.words(part.status)), not of unknown outcome",
                hint: open.isEmpty ? "no part of this run needs --resolve" : "parts to settle: \(open.joined(separator: ", "))")
        }
        if parts[1] == "resend" {
            try journal.append(.resolved(part: parts[0], campaignId: nil, message: "operator: resend"))
        } else if parts[1].hasPrefix("created:"), parts[1].count > 8 {
            try journal.append(
                .resolved(part: parts[0], campaignId: String(parts[1].dropFirst(8)), message: "operator: created"))
        } else {
            throw CampaignError(.usage, "--resolve \(spec): expected UNIT=created:<campaign_id> or UNIT=resend")
        }
    }

    static func words(_ status: JournalState.Status) -> String {
        switch status {
        case .planned: "not sent yet"
        case .attempted, .unknown: "of unknown outcome"
        case .created(let id): "created (campaign \(id))"
        case .rejected(let code, _): "refused by the API (\(code))"
        case .split: "split into parts"
        case .cancelled(let id): "cancelled (campaign \(id))"
        case .resend: "to be sent again"
        }
    }

    /// Cancels every still-pending campaign of the run; started ones are reported, not touched.
    public func cancel(plan: BatchPlan) async throws -> (cancelled: Int, untouched: Int) {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        let journal = try Journal(path: self.directory.journal)
        let state = try JournalState(plan: plan, events: journal.events, journal: journal.path)
        if state.halted == nil { try journal.append(.halted(message: "cancelled by campaign-submit --cancel")) }
        let result = try await RunCancellation(client: self.client, journal: journal, output: self.output).cancel(
            state.createdCampaigns)
        let open = state.parts.filter(\.mayExist)
        if !open.isEmpty { self.output(Self.openWords(open, plan: plan) + ", and cancel it there") }
        // The history forgets who was to be messaged by what was cancelled (report does it too, if this cannot).
        do {
            let after = try JournalState(plan: plan, events: journal.events, journal: journal.path)
            try SendHistory.open(self.history ?? HistoryLocation.from(runDirectory: self.directory.path))
                .fill(from: after, plan: plan, directory: self.directory)
        } catch {
            self.output("the contact history was not told of the cancellation (the next report tells it): \(error)")
        }
        return (result.cancelled.count, result.untouched)
    }
}
