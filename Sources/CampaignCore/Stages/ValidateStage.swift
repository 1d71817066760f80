import CubeAPI
import Foundation
public import Logging
import RecipientIO
public import RunArtifacts
import Sysexits

/// Turns `ingested.ndjson` into `recipients.ndjson` (ready to send) and
/// `rejects.csv` (every record not sent, with its reason); stops the run when
/// rejects exceed the pipeline's limit, after writing both, so they can be read.
public struct ValidateStage {
    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let logger: Logger
    /// The template's text, when known (`TemplateFetch.forValidate`): messages too long for WhatsApp are rejected.
    public var template: MessageTemplate?

    public init(pipeline: Pipeline, directory: RunDirectory, logger: Logger) {
        self.pipeline = pipeline
        self.directory = directory
        self.logger = logger
    }

    static let chunkSize = 8_192

    @discardableResult
    public func run() throws -> RunManifest.ValidateCounts {
        try self.directory.require(self.directory.ingested, from: "campaign-ingest")
        // Not while a submit reads recipients.ndjson (ValidateOutput refuses to change it once submitting started).
        let lock = try ExclusiveLock.run(self.directory)
        defer { withExtendedLifetime(lock) {} }
        let suppressed = try SuppressionList.load(paths: self.pipeline.suppression, region: self.pipeline.region) {
            self.logger.warning("\($0)")
        }
        let ingested = try? RunManifest.load(self.directory)
        if let ingested {
            try MappingCheck.check(self.pipeline, inputs: ingested.inputs)
        }
        let reader = try IngestedReader(path: self.directory.ingested)
        let optOuts = self.pipeline.suppressionAuto ? try HistoryOptOuts.load(runDirectory: self.directory.path) : .none
        let validator = RecipientValidator(
            pipeline: self.pipeline, suppressed: suppressed, optedOut: optOuts.byPhone,
            forgotten: optOuts.forgotten, template: self.template)
        validator.expect(records: ingested?.stages.ingest?.records ?? 0)
        let frequency = try FrequencyCheck.open(pipeline: self.pipeline, directory: self.directory)
        let inputs = ingested?.inputs ?? []
        let fixRows = FixRows(inputs: inputs)
        var output = try ValidateOutput(directory: self.directory, validator: validator, frequency: frequency, fix: fixRows)
        try self.stream(reader, through: validator, into: &output, fix: fixRows)
        try output.commit()
        var counts = output.counts
        counts.messageLengthsChecked = self.template != nil
        // Written by the chunks as they went; from the artifacts only when a record had a column no input listed.
        let fix = try output.fixOutcome ?? FixFile.write(self.directory, inputs: inputs)
        counts.fix = fix.rows > 0 ? fix.words : nil
        // Nothing wrote run.json since it was read above (the run is locked).
        var manifest = try ingested ?? RunManifest.load(self.directory)
        manifest.stages.validate = counts
        try manifest.save(self.directory)
        self.logger.info(
            "validated",
            metadata: [
                "records": .stringConvertible(counts.records), "accepted": .stringConvertible(counts.accepted),
                "rejected": .stringConvertible(counts.rejected),
            ])
        for rule in self.pipeline.filter.map(RecipientRules.filteredMessage) {
            self.logger.info("\(rule): \(counts.byFilter?[rule] ?? 0) record(s)")
        }
        try self.checkRejectLimit(counts, limited: output.limited, examples: output.examples)
        return counts
    }

    /// Validates `ingested.ndjson` a chunk at a time on every core, handing each chunk's results to
    /// `output` in order, with progress on the way.
    private func stream(
        _ reader: IngestedReader, through validator: RecipientValidator, into output: inout ValidateOutput, fix: FixRows?
    ) throws {
        var info = stat()
        let size: Int64? = stat(self.directory.ingested, &info) == 0 ? Int64(info.st_size) : nil
        let progress = StageProgress(label: "validate", logger: self.logger, totalBytes: size)
        var bytesDone: Int64 = 0
        // CUBE_PHONES_REFERENCE=1: the run every faster road is compared with (make bench-validate).
        let bytePath = ProcessInfo.processInfo.environment["CUBE_PHONES_REFERENCE"] != "1"
        // Chunks in flight: one per core and one more, so a core never waits for the reader.
        let depth = ProcessInfo.processInfo.activeProcessorCount + 1
        var inFlight: [ValidateChunk] = []
        var ended = false
        while true {
            while !ended && inFlight.count < depth {
                if let lines = try reader.nextLines(Self.chunkSize) {
                    inFlight.append(
                        ValidateChunk(lines, rules: validator.rules, bytePath: bytePath, path: self.directory.ingested, fix: fix))
                } else {
                    ended = true
                }
            }
            guard !inFlight.isEmpty else { break }
            let chunk = try inFlight.removeFirst().wait()
            try output.take(chunk)
            bytesDone += Int64(chunk.lines.bytes.count + chunk.lines.ends.count)
            progress.tick(chunk.lines.ends.count, bytes: bytesDone)
        }
        progress.finish()
    }

    /// Over `reject_limit`, nothing is submitted: the error names the top reasons, each with an example.
    private func checkRejectLimit(
        _ counts: RunManifest.ValidateCounts, limited: Int, examples: [String: Reject]
    ) throws {
        // A record the filter left out was never meant for this run: the limit is a share of the others.
        let considered = counts.records - (counts.byReason[RejectReason.filtered.rawValue] ?? 0)
        guard !self.pipeline.rejectLimit.allows(rejects: limited, of: considered) else { return }
        let top = counts.byReason.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        let lines = top.prefix(5).map { reason, count -> String in
            let example =
                examples[reason].map { " e.g. \($0.source):\($0.line) \($0.field)=\"\($0.value)\": \($0.message)" } ?? ""
            return "  \(reason): \(count)\(example)"
        }
        throw CampaignError(
            .dataError,
            "\(limited) of \(counts.records) records were rejected, over the limit of \(self.pipeline.rejectLimit.description); nothing will be submitted.\n"
                + lines.joined(separator: "\n"),
            hint:
                "fix \(counts.fix ?? "the export") in \(self.directory.file(FixFile.fileName)) and ingest it again, or raise reject_limit in \(self.pipeline.path)"
        )
    }
}
