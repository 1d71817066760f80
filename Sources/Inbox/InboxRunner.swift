public import CampaignCore
public import CubeAPI
import Foundation
import Notifications
public import Logging
import RecipientIO
import Reporting
public import RunArtifacts
import Sysexits

/// Takes one claimed file through ingest → validate → submit → report, one
/// step at a time, saving `inbox.json` after each so a killed watcher resumes
/// at the step it was in. Every step can be run again safely: ingest and
/// validate rewrite the same bytes, submit skips what its journal says exists,
/// report only reads.
public struct InboxRunner: Sendable {
    public enum Advance: Sendable, Equatable {
        /// In `done/` or `failed/`.
        case over
        /// Try again on a later pass (campaigns still running, API away).
        case later(String)
        case stopped
    }

    public let spool: Spool
    public let client: CubeClient
    public let logger: Logger
    public let options: InboxOptions
    public let stop: StopRequest

    public init(spool: Spool, client: CubeClient, logger: Logger, options: InboxOptions, stop: StopRequest) {
        self.spool = spool
        self.client = client
        self.logger = logger
        self.options = options
        self.stop = stop
    }

    public static func input(_ run: RunDirectory, _ state: InboxRunState) -> String { run.path + "/input/" + state.file }

    public func advance(_ run: RunDirectory, state initial: InboxRunState) async -> Advance {
        var state = initial
        var logger = self.logger
        logger[metadataKey: "file"] = .string(state.file)
        logger[metadataKey: "run"] = .string(run.runId)
        // One writer per run: a campaign-submit or campaign-report by hand on this run waits for the watcher, and the other way round.
        let lock: ExclusiveLock
        do {
            lock = try ExclusiveLock.run(run)
        } catch {
            logger.warning("another process is working on this run; will look again on a later pass: \(error)")
            return .later("run locked")
        }
        defer { withExtendedLifetime(lock) {} }
        while !state.step.isOver {
            if self.stop.isRequested { return .stopped }
            let step = state.step
            do {
                let context = StageContext(
                    pipeline: try PipelineLoader().load(path: run.file(.pipelineCopy)), directory: run, logger: logger,
                    client: self.client, stop: self.stop,
                    output: { [logger] line in logger.info("\(line)", metadata: ["step": .string(step.rawValue)]) })
                let started = Date()
                let done = try await self.perform(step, context, state: state)
                Self.recordMetrics(step, context, exitCode: done == nil ? 75 : 0, since: started)
                guard let detail = done else {
                    state.attempts += 1
                    state.lastError = "campaigns still running"
                    try state.save(run)
                    logger.info(
                        "report: campaigns not finished yet; will look again on a later pass", metadata: ["step": "report"])
                    return .later("campaigns still running")
                }
                logger.info("\(step.rawValue): \(detail)", metadata: ["step": .string(step.rawValue)])
                state.step = Self.next(after: step)
                state.lastError = nil
                state.attempts = 0
                if state.step == .done {
                    state.outcome = self.spool.freeName(state.file, in: self.spool.done, runId: run.runId)
                    try self.copyReports(run, as: state.outcome ?? state.file)
                }
                try state.save(run)
            } catch is CancellationError {
                return .stopped
            } catch {
                let failure = CampaignError.from(error, doing: "the \(step.rawValue) step")
                if failure.status == .tryLater || failure.status == .unavailable {
                    state.attempts += 1
                    state.lastError = failure.description
                    try? state.save(run)
                    logger.warning(
                        "\(step.rawValue) will be retried on a later pass: \(failure.message)",
                        metadata: ["step": .string(step.rawValue), "attempt": .stringConvertible(state.attempts)])
                    return .later(failure.message)
                }
                if let pipeline = try? PipelineLoader().load(path: run.file(.pipelineCopy)) {
                    await Notifier(pipeline: pipeline, logger: logger).afterFailure(
                        failure, stage: step.rawValue, pipeline: pipeline, directory: run)
                    if let metrics = StageMetrics(pipeline: pipeline.name) {
                        try? metrics.record(stage: step.rawValue, exitCode: failure.status.rawValue, duration: 0)
                    }
                }
                do {
                    try self.fail(run, state: &state, error: failure)
                } catch {
                    logger.error("could not move the file to failed/: \(error)")
                    return .later("\(error)")
                }
                logger.error(
                    "\(step.rawValue) failed; the file is in failed/ with an explanation: \(failure.message)",
                    metadata: ["step": .string(step.rawValue), "to": .string(state.outcome ?? "")])
            }
        }
        do {
            try self.placeOriginal(run, state: state)
        } catch {
            logger.error("could not move the original: \(error)")
            return .later("\(error)")
        }
        return .over
    }

    /// `CUBE_METRICS_DIR`: the step's series in its pipeline's file, as the executables leave them.
    static func recordMetrics(_ step: InboxRunState.Step, _ context: StageContext, exitCode: Int32, since started: Date) {
        guard let metrics = StageMetrics(pipeline: context.pipeline.name) else { return }
        let records =
            step == .report && exitCode == 0
            ? (try? ArtifactJSON.read(ReportSummary.self, from: context.directory.summary))?.byOutcome : nil
        do {
            try metrics.record(
                stage: step.rawValue, exitCode: exitCode, duration: Date().timeIntervalSince(started), records: records)
        } catch {
            context.logger.warning("could not write the metrics file \(metrics.path): \(error)")
        }
    }

    static func next(after step: InboxRunState.Step) -> InboxRunState.Step {
        switch step {
        case .claim: .ingest
        case .ingest: .validate
        case .validate: .submit
        case .submit: .report
        case .report, .done: .done
        case .failed: .failed
        }
    }

    /// One step; a line for the log, or nil when the report is not complete yet.
    func perform(_ step: InboxRunState.Step, _ context: StageContext, state: InboxRunState) async throws -> String? {
        let run = context.directory
        switch step {
        case .claim, .done, .failed:
            return "nothing to do"
        case .ingest:
            var overrides = InputOverrides()
            overrides.regularFilesOnly = true
            let counts = try IngestStage(context).run(inputs: [Self.input(run, state)], overrides: overrides)
            try Self.checkContent(run, state: state)
            return "\(counts.records) records read, \(counts.rejects) unreadable"
        case .validate:
            let counts = try await ValidateStage.prepared(context).run()
            return counts.words
        case .submit:
            try Self.checkContent(run, state: state)
            var submit = try SubmitStage(context)
            // A resend asked for (by name or --allow-resend) is one on purpose, across runs too.
            submit.allowResend = state.resend != nil
            let outcome = try await submit.run()
            return "\(outcome.created) of \(outcome.parts) campaign(s) created"
        case .report:
            let options = ReportStage.Options(wait: !self.options.noWaitReport, timeout: self.options.reportTimeout)
            let stage = try ReportStage(context, options: options)
            let (completion, summary) = try await self.stop.cancelling { try await stage.run() }
            let complete: Bool = if case .complete = completion { true } else { false }
            await Notifier(pipeline: context.pipeline, logger: context.logger).afterReport(
                pipeline: context.pipeline, directory: run, summary: summary, complete: complete)
            guard complete else { return nil }
            let outcomes = summary.byOutcome.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "\(summary.records) records: \(outcomes)"
        }
    }

    /// What ingest read must be what the ledger admitted: the claimed file cannot
    /// have been swapped or grown between the hash and the read. Checked after
    /// ingest and again before submit.
    static func checkContent(_ run: RunDirectory, state: InboxRunState) throws {
        let manifest = try RunManifest.load(run)
        let read = manifest.inputs.map(\.sha256)
        guard let admitted = state.sha256, read == [admitted] else {
            throw CampaignError(
                .dataError,
                "\(state.file) changed after it was claimed: ingest read content \(read.first ?? "none"), "
                    + "the ledger admitted \(state.sha256 ?? "none")",
                hint:
                    "nothing was sent; do not write to a file once it is in inbox/ (write it elsewhere or as NAME.part, then rename it in)"
            )
        }
    }

    /// The report beside where the original goes: `NAME.report.csv`, `NAME.summary.json`.
    /// A hard link is a copy that costs nothing: stages replace files by rename, never in place.
    func copyReports(_ run: RunDirectory, as name: String) throws {
        for (artifact, suffix) in [(run.report, "." + RunFile.report.name), (run.summary, "." + RunFile.summary.name)]
        where run.exists(artifact) {
            let target = self.spool.done + "/" + name + suffix
            try? FileManager.default.removeItem(atPath: target)
            if link(artifact, target) != 0 {
                do {
                    try FileManager.default.copyItem(atPath: artifact, toPath: target)
                } catch {
                    throw CampaignError(.unavailable, "cannot copy \(artifact) to \(target) (\(error.localizedDescription))")
                }
            }
        }
        FileIO.syncDirectory(of: self.spool.done + "/" + name)
    }

    /// Writes the explanation, records the decision, gives the content back to
    /// the ledger when nothing could have been sent.
    func fail(_ run: RunDirectory, state: inout InboxRunState, error: CampaignError) throws {
        let journal = run.exists(run.journal) ? try Journal(path: run.journal).events : []
        let created = journal.filter { $0.kind == .created }.count
        let parts = ((try? BatchPlan.load(run)) ?? nil)?.batches.count ?? 0
        let name = self.spool.freeName(state.file, in: self.spool.failed, runId: run.runId)
        try AtomicFileWriter.write(
            InboxNote.failed(state.file, state: state, run: run, error: error, created: created, parts: parts),
            to: self.spool.failed + "/" + name + ".error.txt")
        if journal.isEmpty, let sha = state.sha256 {
            try InboxLedger.open(self.spool).release(pipeline: state.pipeline, sha256: sha, claimId: state.ledgerId(run))
        }
        state.lastError = error.description
        state.step = .failed
        state.outcome = name
        try state.save(run)
    }

    /// Moves the original out of the run directory, if it is still there.
    func placeOriginal(_ run: RunDirectory, state: InboxRunState) throws {
        let input = Self.input(run, state)
        guard FileManager.default.fileExists(atPath: input), let outcome = state.outcome else { return }
        let folder = state.step == .done ? self.spool.done : self.spool.failed
        try Spool.move(input, to: folder + "/" + outcome)
    }
}
