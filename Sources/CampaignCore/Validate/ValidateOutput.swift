import ArtifactText
import RecipientIO
import RunArtifacts
import Sysexits

/// Validate's two files and its counts. Takes each chunk's output in input
/// order, dedupes its candidates and holds them to the frequency cap (such a
/// reject row goes where its record stood among the chunk's rejects) and
/// writes both files.
struct ValidateOutput {
    private let directory: RunDirectory
    private let validator: RecipientValidator
    /// The pipeline's `frequency_cap`, when it has one and a history exists.
    private let frequency: FrequencyCheck?
    /// `fix.csv` as the chunks write it, while every chunk could (`FixRows`).
    private var fix: AtomicFileWriter?
    private(set) var fixRows = 0
    private var fixKinds: [(what: String, count: Int)] = []
    private let recipients: AtomicFileWriter
    private let rejects: AtomicFileWriter
    private(set) var counts = RunManifest.ValidateCounts(records: 0, accepted: 0, rejected: 0, byReason: [:])
    /// Rejects that count against `reject_limit`.
    private(set) var limited = 0
    /// The first reject of each reason, for the message when the limit is passed.
    private(set) var examples: [String: Reject] = [:]

    init(directory: RunDirectory, validator: RecipientValidator, frequency: FrequencyCheck? = nil, fix: FixRows? = nil) throws {
        self.directory = directory
        self.validator = validator
        let rules = validator.rules.pipeline.filter
        if !rules.isEmpty {
            // Every rule, so one that left nobody out says 0 rather than nothing.
            self.counts.byFilter = Dictionary(
                rules.map { (RecipientRules.filteredMessage($0), 0) }, uniquingKeysWith: { first, _ in first })
        }
        self.frequency = frequency
        if let fix {
            self.fix = try AtomicFileWriter(path: directory.file(FixFile.fileName))
            try self.fix?.write(bytes: fix.header)
        } else {
            self.fix = nil
        }
        self.recipients = try AtomicFileWriter(path: directory.recipients)
        self.rejects = try AtomicFileWriter(path: directory.rejects)
        try self.rejects.write(SpreadsheetCSV.row(Reject.header))
    }

    mutating func take(_ chunk: ValidateChunk.Output) throws {
        let sources = chunk.sources.map { self.validator.sourceIndex($0) }
        // One question to the history per chunk, for every candidate at once.
        let capped = try self.frequency?.over(chunk.admissions.map(\.key)) ?? [:]
        var recipientStart = 0
        var rejectStart = 0
        var previousEnd = 0
        for admission in chunk.admissions {
            defer { previousEnd = admission.recipientEnd }
            let reject: Reject
            if let first = self.validator.admit(key: admission.key, source: sources[admission.source], record: admission.record) {
                reject = try self.duplicate(admission, of: chunk, first: first)
            } else if let why = capped[admission.key] {
                reject = try self.overCap(admission, of: chunk, why: why)
            } else {
                self.counts.accepted += 1
                continue
            }
            try self.recipients.write(bytes: chunk.recipients[recipientStart..<previousEnd])
            recipientStart = admission.recipientEnd
            try self.rejects.write(bytes: chunk.rejects[rejectStart..<admission.rejectOffset])
            rejectStart = admission.rejectOffset
            var row: [UInt8] = []
            SpreadsheetCSV.append(reject.cells, to: &row)
            try self.rejects.write(bytes: row)
            self.counts.byReason[reject.reason, default: 0] += 1
            self.counts.rejected += 1
            if self.examples[reject.reason] == nil { self.examples[reject.reason] = reject }
        }
        try self.recipients.write(bytes: chunk.recipients[recipientStart...])
        try self.rejects.write(bytes: chunk.rejects[rejectStart...])
        if chunk.fixIncomplete { self.fix = nil }
        if let fix = self.fix {
            try fix.write(bytes: chunk.fixRows)
            for (what, count) in chunk.fixKinds {
                self.fixRows += count
                if let at = self.fixKinds.firstIndex(where: { $0.what == what }) {
                    self.fixKinds[at].count += count
                } else {
                    self.fixKinds.append((what, count))
                }
            }
        }
        self.counts.records += chunk.lines.ends.count
        self.counts.rejected += chunk.rejected
        self.limited += chunk.limited
        for (reason, count) in chunk.byReason { self.counts.byReason[reason, default: 0] += count }
        for (rule, count) in chunk.byFilter { self.counts.byFilter?[rule, default: 0] += count }
        for (reason, example) in chunk.examples where self.examples[reason] == nil { self.examples[reason] = example }
    }

    /// The reject of a candidate whose phone came before: its record is read
    /// again from the chunk's line (duplicates are few; candidates carry no strings).
    private func duplicate(_ admission: ValidateChunk.Admission, of chunk: ValidateChunk.Output, first: UInt64) throws -> Reject {
        let record = try ValidateChunk.record(admission.line, of: chunk.lines, path: self.directory.ingested)
        return self.validator.duplicate(
            id: record.id, source: record.source, record: record.record, line: record.line,
            raw: record.value(self.validator.rules.pipeline.mapping.phone) ?? "", first: first)
    }

    /// The reject of a candidate messaged as often as `frequency_cap` allows, read again like a duplicate's.
    private func overCap(_ admission: ValidateChunk.Admission, of chunk: ValidateChunk.Output, why: String) throws -> Reject {
        let record = try ValidateChunk.record(admission.line, of: chunk.lines, path: self.directory.ingested)
        let field = self.validator.rules.pipeline.mapping.phone
        return Reject(
            id: record.id, source: record.source, record: record.record, line: record.line,
            reason: RejectReason.frequencyCap.rawValue,
            field: field, value: record.value(field) ?? "", message: why)
    }

    /// Once the run has started submitting, its recipients are fixed: a rerun
    /// that would write other ones leaves the file as it is and stops.
    func commit() throws {
        if self.directory.hasStartedSubmitting, !(try self.recipients.matchesExisting()) {
            throw CampaignError(
                .dataError, "this run has started submitting, and validating again would change \(self.directory.recipients)",
                hint: "its campaigns were planned on the recipients it has; to send the changed data, start a new run directory")
        }
        try self.recipients.commit()
        try self.rejects.commit()
        try self.fix?.commit()
    }

    /// `fix.csv` as the chunks wrote it; nil when one of them could not, and `FixFile` must write it.
    var fixOutcome: FixFile.Tally? {
        self.fix == nil
            ? nil
            : FixFile.Tally(
                rows: self.fixRows, words: self.fixKinds.map { FixFile.plural($0.count, $0.what) }.joined(separator: ", "))
    }
}
