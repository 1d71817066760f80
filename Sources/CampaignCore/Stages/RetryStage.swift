public import ContactHistory
public import CubeAPI
public import Foundation
public import Logging
import RecipientIO
public import RunArtifacts
import Sysexits

/// `campaign-ingest --retry-of OLD`: a new run of the records of `OLD` whose
/// send failed for a transient reason (`MessageFailure`'s table), copied from
/// OLD's `ingested.ndjson` as they are, so each keeps its source, record and
/// line for the new run's report. Never a recipient OLD sent, nor one the
/// history shows tried with the same template since by another run (a second
/// retry of OLD: retry the retry instead), nor a 131049 cap failure younger than a day.
public struct RetryStage {
    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let from: RunDirectory
    public let logger: Logger
    public var now = Date()
    /// Where the contact history is; nil: from the environment.
    public var history: HistoryLocation?

    public init(pipeline: Pipeline, directory: RunDirectory, from: RunDirectory, logger: Logger) {
        self.pipeline = pipeline
        self.directory = directory
        self.from = from
        self.logger = logger
    }

    /// What was taken, and what was left and why.
    public struct Outcome: Sendable, Equatable {
        public var retried = 0
        /// Transient failures not yet due (131049), and when the last of them is.
        public var waiting = 0
        public var dueAt: String?
        /// Tried with the same template since, by another run (a retry of OLD before this one).
        public var sentSince = 0
        public var notRetried: [FailureKind: Int] = [:]
        /// Phones in several of OLD's records (`dedupe: none`) whose results are not all due failures.
        public var mixed = 0
    }

    @discardableResult
    public func run() throws -> Outcome {
        guard
            URL(fileURLWithPath: self.from.path).standardizedFileURL
                != URL(fileURLWithPath: self.directory.path).standardizedFileURL
        else {
            throw CampaignError(
                .usage, "--retry-of names this run itself",
                hint: "retry into a new run directory: --run runs/NEW --retry-of runs/OLD")
        }
        for file in [self.from.ingested, self.from.recipients] { try self.from.require(file, from: "campaign-validate") }
        try self.from.require(self.from.results, from: "campaign-report")
        let lock = try ExclusiveLock.run(self.directory)
        defer { withExtendedLifetime(lock) {} }
        // Rewriting what a run has started sending from would make its report join the wrong records.
        guard !self.directory.hasStartedSubmitting else {
            throw CampaignError(
                .usage, "\(self.directory.path) has started submitting; its records are fixed",
                hint: "retry into a new run directory: --run runs/NEW --retry-of \(self.from.path)")
        }
        var outcome = Outcome()
        let failedAt = Self.modified(self.from.results) ?? self.now
        let due = try self.failures(failedAt: failedAt, outcome: &outcome)
        let already = try self.messagedSince(Set(due.keys))
        outcome.sentSince = already.count
        let records = try self.records(of: due.filter { !already.contains($0.key) }, outcome: &outcome)
        // Nothing is written unless there is something to retry.
        guard !records.isEmpty else {
            throw CampaignError(
                .dataError, "nothing to retry in \(self.from.path): \(Self.words(outcome))",
                hint: outcome.dueAt.map {
                    "the waiting ones may go after \($0): retry \(self.from.path) then, into a new run directory"
                }
                    ?? "the failures left are not transient (see \(self.from.report))")
        }
        // OLD's manifest first: a damaged one must stop the retry before anything of NEW is written.
        let oldManifest = try RunManifest.load(self.from)
        let perSource = try self.copy(records)
        outcome.retried = perSource.values.reduce(0, +)
        try self.writeManifest(perSource: perSource, old: oldManifest)
        self.logger.info(
            "retry",
            metadata: [
                "of": .string(self.from.runId), "retried": .stringConvertible(outcome.retried),
                "waiting": .stringConvertible(outcome.waiting), "sent_since": .stringConvertible(outcome.sentSince),
            ])
        return outcome
    }

    /// What was left, in words.
    public static func words(_ outcome: Outcome) -> String {
        var parts: [String] = []
        for kind in FailureKind.allCases {
            if let count = outcome.notRetried[kind], count > 0 { parts.append("\(count) \(kind.rawValue)") }
        }
        if outcome.waiting > 0 {
            parts.append("\(outcome.waiting) waiting for the marketing cap until \(outcome.dueAt ?? "later")")
        }
        if outcome.sentSince > 0 { parts.append("\(outcome.sentSince) tried again since by another run") }
        if outcome.mixed > 0 { parts.append("\(outcome.mixed) in several records not all of which failed transiently") }
        return parts.isEmpty ? "no failures" : parts.joined(separator: ", ") + " not retried"
    }

    /// OLD's phones (E.164) whose every result is a transient failure that is due now, with how many
    /// such results each has: a phone with any other result (sent, pending, permanent, waiting) is out.
    private func failures(failedAt: Date, outcome: inout Outcome) throws -> [String: Int] {
        var due: [String: Int] = [:]
        var other = Set<String>()
        try ResultsFile.forEach(path: self.from.results) { line in
            let phone = ResultKey.e164(line.phone)
            guard line.status == .failed else {
                other.insert(phone)
                return
            }
            let failure = line.errorMessage.flatMap(MessageFailure.classify)
            guard let failure, failure.kind == .transient else {
                outcome.notRetried[failure?.kind ?? .unknown, default: 0] += 1
                other.insert(phone)
                return
            }
            let dueAt = failedAt.addingTimeInterval(failure.retryAfter)
            if dueAt > self.now {
                outcome.waiting += 1
                outcome.dueAt = max(outcome.dueAt ?? "", Timestamp.utc(dueAt))
                other.insert(phone)
                return
            }
            due[phone, default: 0] += 1
        }
        return due.filter { !other.contains($0.key) }
    }

    /// Of `phones`, those another run has tried with the same template since OLD was planned, failed or not.
    /// Fails closed: when it cannot be told, nothing is retried.
    private func messagedSince(_ phones: Set<String>) throws -> Set<String> {
        guard !phones.isEmpty else { return [] }
        let plan = try BatchPlan.read(self.from)
        // The history this run will record into and the one OLD recorded into: both, when they differ.
        var locations = [self.history ?? HistoryLocation.from(runDirectory: self.directory.path)]
        let oldLocation = HistoryLocation.from(runDirectory: self.from.path)
        if !locations.contains(oldLocation) { locations.append(oldLocation) }
        do {
            let present = locations.filter(\.mayHoldSends)
            guard !present.isEmpty else {
                throw HistoryError(
                    store: locations.map(\.description).joined(separator: ", "),
                    message: "no history where \(self.from.runId) recorded its sends")
            }
            var tried = Set<String>()
            for location in present {
                let sends = try location.open().recentSends(
                    phones: phones.sorted(), account: plan.account, since: plan.plannedAt,
                    excludingRun: SendHistory.runKey(plan), failed: true)
                tried.formUnion(sends.filter { $0.template == plan.template }.map(\.phone))
            }
            return tried
        } catch let error as HistoryError {
            throw CampaignError(
                .unavailable, "\(error); cannot tell who was tried again since \(self.from.runId), so nothing is retried",
                hint: "check CUBE_STATE_URL or CUBE_STATE_DIR, then run the same command again")
        }
    }

    /// Source and record of OLD's recipients with these phones, a phone only when each of its
    /// records has a due failure of its own (with `dedupe: none` a phone can stand in several).
    private func records(of due: [String: Int], outcome: inout Outcome) throws -> Set<RecordRef> {
        var byPhone: [String: [RecordRef]] = [:]
        let reader = try RecipientsReader(path: self.from.recipients)
        while let line = try reader.next() {
            guard due[line.phone] != nil else { continue }
            byPhone[line.phone, default: []].append(RecordRef(source: line.source, record: line.record))
        }
        var found = Set<RecordRef>()
        for (phone, refs) in byPhone {
            guard refs.count == due[phone] else {
                outcome.mixed += 1
                continue
            }
            found.formUnion(refs)
        }
        return found
    }

    struct RecordRef: Hashable {
        var source: String
        var record: Int
    }

    /// Copies those records' lines of OLD's `ingested.ndjson`, byte for byte; the count per source.
    private func copy(_ records: Set<RecordRef>) throws -> [String: Int] {
        let reader = try IngestedReader(path: self.from.ingested)
        let writer = try AtomicFileWriter(path: self.directory.ingested)
        var perSource: [String: Int] = [:]
        while let lines = try reader.nextLines(8_192) {
            var out: [UInt8] = []
            for index in lines.ends.indices {
                let record = try ValidateChunk.record(index, of: lines, path: self.from.ingested)
                guard records.contains(RecordRef(source: record.source, record: record.record)) else { continue }
                let start = index == 0 ? 0 : lines.ends[index - 1]
                out += lines.bytes[start..<lines.ends[index]]
                out.append(0x0A)
                perSource[record.source, default: 0] += 1
            }
            try writer.write(bytes: out)
        }
        // Every record chosen must have been found: ingested.ndjson and recipients.ndjson of OLD agree.
        guard perSource.values.reduce(0, +) == records.count else {
            throw CampaignError(
                .dataError, "\(self.from.ingested) does not hold every record \(self.from.recipients) names; nothing was written",
                hint: "the run's artifacts disagree; run campaign-validate again for \(self.from.path), then retry")
        }
        try writer.commit()
        return perSource
    }

    /// The new run's `run.json`: OLD's inputs (the same files, so the report names them), counted anew.
    private func writeManifest(perSource: [String: Int], old: RunManifest) throws {
        var manifest = RunManifest(runId: self.directory.runId)
        manifest.instance = RunManifest.instance(of: self.directory)
        manifest.pipeline = .init(name: self.pipeline.name, path: self.pipeline.path, digest: self.pipeline.digest)
        manifest.inputs = old.inputs.map { input in
            var entry = input
            entry.records = perSource[input.path] ?? 0
            entry.rejects = 0
            return entry
        }
        manifest.retryOf = self.from.path
        manifest.stages.ingest = .init(records: perSource.values.reduce(0, +), rejects: 0)
        try manifest.save(self.directory)
    }

    static func modified(_ path: String) -> Date? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec))
    }
}
