public import CampaignCore
import ContactHistory
public import CubeAPI
import Foundation
import Notifications
public import Logging
import RecipientIO
import Reporting
import RunArtifacts
import Sysexits

/// The long-running loop of `campaign-inbox` (DESIGN.md §8): holds the spool's
/// lock, resumes unfinished runs, and on every pass takes the files that have
/// settled, one at a time, through all four stages.
public final class InboxWatcher {
    public let spool: Spool
    public let options: InboxOptions
    let runner: InboxRunner
    let logger: Logger
    let stop: StopRequest
    var router: PipelineRouter
    var settle: FileSettle
    /// Runs claimed but not over: revisited on every pass.
    var active: [String] = []
    /// `--allow-resend` contents already let through once by this process.
    var allowancesUsed: Set<String> = []
    /// Runs told to come back later, and when: the wait doubles up to ten minutes, so a
    /// long outage or a campaign scheduled for tomorrow costs a request now and then, not every pass.
    var backoff: [String: (tries: Int, notBefore: Date)] = [:]
    /// Names in inbox/ that are not regular files (symlinks, FIFOs, sockets, devices), logged once each and never read.
    var refusedSpecial: Set<DroppedName> = []
    /// Files claimed, done and failed, and the spool at the end of each pass, for `--metrics`.
    public let meters = InboxMeters()

    public init(spool: Spool, pipelines: String, client: CubeClient, logger: Logger, options: InboxOptions, stop: StopRequest) {
        self.spool = spool
        self.options = options
        self.logger = logger
        self.stop = stop
        self.router = PipelineRouter(folder: pipelines)
        self.settle = FileSettle(settle: options.settle)
        self.runner = InboxRunner(spool: spool, client: client, logger: logger, options: options, stop: stop)
    }

    /// Called after every pass (the runs' page is kept up to date this way: the page is another
    /// module's, which knows the inbox's runs, not the other way round).
    public var afterPass: ((Spool) -> Void)?

    /// Called once the spool's lock is held, before any run is resumed: what must not start for a
    /// watcher that is refused (a second one on the spool exits 75, not on its metrics port).
    public var whenLocked: (() async throws -> Void)?

    /// Runs until stopped (or, with `--once`, until what was there is handled).
    public func run() async throws {
        let lock = try ExclusiveLock.spool(self.spool)
        defer { withExtendedLifetime(lock) {} }
        try await self.whenLocked?()
        try self.router.load()
        let imported = try InboxLedger.importFile(of: self.spool)
        if imported > 0 { self.logger.info("ledger.ndjson imported into the contact history (\(imported) held contents)") }
        self.logger.info(
            "watching \(self.spool.inbox)",
            metadata: [
                "pipelines": .string(self.router.routes.map(\.pipeline.name).joined(separator: ",")),
                "settle_s": .stringConvertible(self.options.settle), "once": .stringConvertible(self.options.once),
            ])
        try self.resume()
        let started = Date()
        while !self.stop.isRequested {
            let waiting = await self.pass()
            self.meters.passed(waiting: waiting, inProgress: self.active.count)
            self.afterPass?(self.spool)
            if self.options.once {
                // Files still being written get a bounded wait; a run waiting on campaigns is left for the next call.
                let patience = self.options.settle * 3 + 60
                if waiting == 0 || Date().timeIntervalSince(started) > patience {
                    if waiting > 0 { self.logger.warning("\(waiting) file(s) in inbox/ never settled; left for the next run") }
                    break
                }
                await self.stop.sleep(min(1, max(0.1, self.options.settle / 4)))
            } else {
                await self.stop.sleep(self.options.interval)
            }
        }
        if let why = self.stop.why { self.logger.info("stopped (\(why)); unfinished runs resume on the next start") }
    }

    // MARK: Passes

    /// One look at the spool; returns how many files in inbox/ are still settling.
    func pass() async -> Int {
        do {
            var fresh = PipelineRouter(folder: self.router.folder)
            try fresh.load()
            self.router = fresh
        } catch {
            self.logger.error("pipelines not reloaded, the previous ones stay in use: \(error)")
        }
        for id in self.active where (self.backoff[id]?.notBefore ?? .distantPast) <= Date() {
            if self.stop.isRequested { return 0 }
            await self.continueRun(id)
        }
        let (files, unnamed) = self.scanInbox()
        for name in unnamed { await self.refuseUnnamed(name) }
        let ready = self.settle.observe(files, now: Date().timeIntervalSince1970)
        for name in ready {
            if self.stop.isRequested { return 0 }
            self.settle.forget(name)
            if let text = name.text { await self.take(text) }
        }
        return self.settle.waiting
    }

    /// The regular files in inbox/ with their size and mtime, and the names that are not UTF-8.
    func scanInbox() -> (files: [DroppedName: (size: Int64, modified: Double)], unnamed: [DroppedName]) {
        var files: [DroppedName: (size: Int64, modified: Double)] = [:]
        var unnamed: [DroppedName] = []
        for name in DroppedName.list(self.spool.inbox) where !InboxName(name.shown).isIgnored {
            var info = stat()
            guard lstat(DroppedName.path(self.spool.inbox, name.bytes), &info) == 0 else { continue }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                if (info.st_mode & S_IFMT) != S_IFDIR, self.refusedSpecial.insert(name).inserted {
                    self.logger.warning(
                        "not a regular file (\(FileSource.kind(info.st_mode & S_IFMT))); it is never read: drop the export itself, not a link to it",
                        metadata: ["file": .string(name.shown)])
                }
                continue
            }
            guard name.text != nil else {
                unnamed.append(name)
                continue
            }
            files[name] = (Int64(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        }
        return (files, unnamed)
    }

    /// A name that is not UTF-8 matches no pattern safely and cannot be named in a note as it is: the
    /// file goes to `failed/` under its shown name (`\xNN` for each byte that is not UTF-8), with a note.
    func refuseUnnamed(_ name: DroppedName) async {
        let shown = name.shown.replacingOccurrences(of: "/", with: "_")
        let target = self.spool.freeName(
            shown, in: self.spool.failed, runId: "unnamed-" + Timestamp.utc(Date()).filter(\.isNumber))
        do {
            try AtomicFileWriter.write(InboxNote.notUTF8(shown), to: self.spool.failed + "/" + target + ".error.txt")
            guard
                rename(DroppedName.path(self.spool.inbox, name.bytes), DroppedName.path(self.spool.failed, Array(target.utf8)))
                    == 0
            else {
                throw CampaignError(.tryLater, "cannot move it to failed/: \(String(cString: strerror(errno)))")
            }
            chmod(self.spool.failed + "/" + target, 0o600)
            self.logger.warning(
                "a file whose name is not UTF-8 was moved to failed/ with an explanation",
                metadata: ["file": .string(shown), "to": .string(target)])
            self.meters.count(.failed)
            await self.tellRejected(shown, why: "its name is not UTF-8", note: target)
        } catch {
            if self.refusedSpecial.insert(name).inserted { self.logger.error("could not move \(shown) to failed/: \(error)") }
        }
    }

    func continueRun(_ id: String) async {
        do {
            let run = try RunDirectory(path: self.spool.runs + "/" + id, create: false)
            guard var state = try InboxRunState.load(run) else { return }
            if state.step == .claim {
                guard let admitted = try self.admit(run, state: state) else {
                    self.active.removeAll { $0 == id }
                    self.meters.count(.failed)
                    return
                }
                state = admitted
            }
            switch await self.runner.advance(run, state: state) {
            case .over:
                self.active.removeAll { $0 == id }
                self.backoff[id] = nil
                self.meters.count((try? InboxRunState.load(run))??.step == .done ? .done : .failed)
            case .later:
                let tries = (self.backoff[id]?.tries ?? 0) + 1
                let wait = min(600, self.options.interval * Double(1 << min(tries, 10)))
                self.backoff[id] = (tries, Date().addingTimeInterval(wait))
            case .stopped:
                break
            }
        } catch {
            self.logger.error("run \(id) cannot continue: \(error)", metadata: ["run": .string(id)])
        }
    }

    // MARK: Resume

    /// Runs a killed watcher left behind: finished where possible, cleared where the claim never happened.
    func resume() throws {
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: self.spool.runs)) ?? []).sorted()
        for id in ids where !id.hasPrefix(".") {
            let run = try RunDirectory(path: self.spool.runs + "/" + id, create: false)
            let loaded: InboxRunState?
            do {
                loaded = try InboxRunState.load(run)
            } catch {
                self.logger.error(
                    "run \(id) is left alone: its \(RunFile.inboxState) cannot be read (\(error))", metadata: ["run": .string(id)]
                )
                continue
            }
            guard let state = loaded else { continue }
            let input = InboxRunner.input(run, state)
            if state.step == .claim && !FileManager.default.fileExists(atPath: input) {
                // Stopped before the rename: the file is still in inbox/ and will be claimed afresh.
                try? FileManager.default.removeItem(atPath: run.path)
                continue
            }
            if state.step.isOver {
                if FileManager.default.fileExists(atPath: input) { self.active.append(id) }
                continue
            }
            self.logger.info("resuming run \(id) at \(state.step.rawValue)", metadata: ["file": .string(state.file)])
            self.active.append(id)
        }
    }

    // MARK: Taking a file

    func take(_ name: String) async {
        let dropped = InboxName(name)
        guard let route = self.router.route(dropped.withoutResend) else {
            let why = "no pipeline's inbox.match takes it"
            if let target = self.refuse(name, note: InboxNote.unmatched(name, router: self.router), why: why) {
                self.meters.count(.failed)
                await self.tellRejected(name, why: why, note: target)
            }
            return
        }
        do {
            guard let run = try self.claim(name, route: route) else { return }
            self.meters.count(.claimed)
            self.active.append(run.runId)
            await self.continueRun(run.runId)
        } catch {
            self.logger.error("could not take \(name): \(error)", metadata: ["file": .string(name)])
        }
    }

    /// Moves the file into a new run directory with one rename: from then on it is this run's alone.
    func claim(_ name: String, route: PipelineRouter.Route) throws -> RunDirectory? {
        let stamp = Timestamp.utc(Date()).filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        let base = "\(route.pipeline.name)-\(stamp)-\(InboxName(name).stem)"
        var id = base
        var counter = 2
        while FileManager.default.fileExists(atPath: self.spool.runs + "/" + id) {
            id = "\(base)-\(counter)"
            counter += 1
        }
        let run = try RunDirectory(path: self.spool.runs + "/" + id)
        let text: String
        do {
            text = try String(contentsOfFile: route.pipeline.path, encoding: .utf8)
        } catch {
            throw CampaignError(.config, "\(route.pipeline.path): cannot read (\(error.localizedDescription))")
        }
        try AtomicFileWriter.write(text, to: run.file(.pipelineCopy))
        var state = InboxRunState(
            file: name, pipeline: route.pipeline.name, pipelineSource: route.pipeline.path, step: .claim,
            claimedAt: Timestamp.utc(Date()))
        state.claimId = id + "." + UUID().uuidString.prefix(8).lowercased()
        try state.save(run)
        try FileManager.default.createDirectory(
            atPath: run.path + "/input", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        guard rename(self.spool.inbox + "/" + name, InboxRunner.input(run, state)) == 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: run.path)
            self.logger.warning("\(name) could not be claimed (\(why)); will look again", metadata: ["file": .string(name)])
            return nil
        }
        FileIO.syncDirectory(of: InboxRunner.input(run, state))
        FileIO.syncDirectory(of: self.spool.inbox + "/" + name)
        self.logger.info(
            "claimed for pipeline \(route.pipeline.name)",
            metadata: [
                "file": .string(name), "run": .string(id),
                "step": "claim",
            ])
        return run
    }

    /// Checks the content against the ledger. Returns the state to go on with, or nil when it is a resend nobody asked for.
    func admit(_ run: RunDirectory, state initial: InboxRunState) throws -> InboxRunState? {
        var state = initial
        let sha: String
        do {
            sha = try ClaimedFile.sha256(InboxRunner.input(run, state))
        } catch let error as CampaignError {
            // Swapped for a link or a FIFO between the look and the claim: never read, never sent.
            let name = self.spool.freeName(state.file, in: self.spool.failed, runId: run.runId)
            try AtomicFileWriter.write(
                "\"\(state.file)\" was not read: \(error.message)\n\nWhat to do: \(error.hint ?? "drop the export itself into inbox/")\n",
                to: self.spool.failed + "/" + name + ".error.txt")
            state.step = .failed
            state.outcome = name
            state.lastError = error.message
            try state.save(run)
            try self.runner.placeOriginal(run, state: state)
            self.logger.warning("not read: \(error.message); moved to failed/", metadata: ["file": .string(state.file)])
            return nil
        }
        state.sha256 = sha
        let ledger = try InboxLedger.open(self.spool)
        let claim = ContentClaim(
            pipeline: state.pipeline, sha256: sha, claimId: state.ledgerId(run), run: run.runId,
            place: InboxLedger.place(self.spool), file: state.file, at: Timestamp.utc(Date()))
        var override: String?
        // The claim itself is the check: of two watchers dropping the same bytes at once, one holds them.
        var holder = try ledger.claim(claim, override: nil)
        if holder.claimId != claim.claimId {
            if InboxName(state.file).asksForResend {
                override = "renamed with .resend"
            } else if self.options.allowResend.contains(sha) && !self.allowancesUsed.contains(sha) {
                self.allowancesUsed.insert(sha)
                override = "--allow-resend"
            }
            if override != nil { holder = try ledger.claim(claim, override: override) }
        }
        if holder.claimId != claim.claimId {
            let name = self.spool.freeName(state.file, in: self.spool.failed, runId: run.runId)
            try AtomicFileWriter.write(
                InboxNote.duplicate(state.file, pipeline: state.pipeline, sha256: sha, holder: holder),
                to: self.spool.failed + "/" + name + ".error.txt")
            state.step = .failed
            state.outcome = name
            state.lastError = "same content as run \(holder.run)"
            try state.save(run)
            try self.runner.placeOriginal(run, state: state)
            self.logger.warning(
                "not sent: same content as \(holder.file) (run \(holder.run)); moved to failed/",
                metadata: ["file": .string(state.file), "run": .string(run.runId), "step": "claim"])
            return nil
        }
        if let override {
            self.logger.warning("sending content again as asked (\(override))", metadata: ["file": .string(state.file)])
        }
        state.resend = override
        state.step = .ingest
        try state.save(run)
        return state
    }

    /// `rejected_file` to every receiver of every pipeline here that asked for it (each URL once):
    /// a file nobody takes belongs to no pipeline, so all of them may want to know. All are told at
    /// once, so dead receivers in several pipelines hold the watcher for one budget (30 s), not one each.
    func tellRejected(_ name: String, why: String, note: String) async {
        var seen = Set<String>()
        var told: [(Notifier, RunNews)] = []
        for route in self.router.routes {
            let targets = route.pipeline.notify.filter { $0.events.contains(.rejectedFile) && seen.insert($0.url).inserted }
            guard !targets.isEmpty else { continue }
            told.append(
                (
                    Notifier(targets: targets, logger: self.logger),
                    .rejectedFile(
                        name, why: why, pipeline: route.pipeline.name, note: self.spool.failed + "/" + note + ".error.txt")
                ))
        }
        await withTaskGroup(of: Void.self) { group in
            for (notifier, news) in told { group.addTask { await notifier.send(news, run: nil) } }
        }
    }

    /// A file no pipeline takes goes straight to failed/ with the patterns that exist; the name it has there.
    @discardableResult
    func refuse(_ name: String, note: String, why: String) -> String? {
        let target = self.spool.freeName(
            name, in: self.spool.failed, runId: "unmatched-" + Timestamp.utc(Date()).filter(\.isNumber))
        do {
            try AtomicFileWriter.write(note, to: self.spool.failed + "/" + target + ".error.txt")
            try Spool.move(self.spool.inbox + "/" + name, to: self.spool.failed + "/" + target)
            self.logger.warning(
                "\(why); moved to failed/ with an explanation", metadata: ["file": .string(name), "to": .string(target)])
            return target
        } catch {
            self.logger.error("could not move \(name) to failed/: \(error)")
            return nil
        }
    }
}
