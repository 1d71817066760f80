import CubeAPI
import Foundation
import Logging
import RecipientIO

/// Turns `ingested.ndjson` into `recipients.ndjson` (ready to send) and
/// `rejects.csv` (every record not sent, with its reason); stops the run when
/// rejects exceed the pipeline's limit, after writing both, so they can be read.
public struct ValidateStage {
    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let logger: Logger

    public init(pipeline: Pipeline, directory: RunDirectory, logger: Logger) {
        self.pipeline = pipeline
        self.directory = directory
        self.logger = logger
    }

    static let chunkSize = 8_192

    @discardableResult
    public func run() throws -> RunManifest.ValidateCounts {
        try self.directory.require(self.directory.ingested, from: "campaign-ingest")
        let suppressed = try SuppressionList.load(paths: self.pipeline.suppression, region: self.pipeline.region) {
            self.logger.warning("\($0)")
        }
        let reader = try IngestedReader(path: self.directory.ingested)
        let validator = RecipientValidator(pipeline: self.pipeline, suppressed: suppressed)
        validator.expect(records: (try? RunManifest.load(self.directory))?.stages.ingest?.records ?? 0)
        let recipients = try AtomicFileWriter(path: self.directory.recipients)
        let rejects = try AtomicFileWriter(path: self.directory.rejects)
        try rejects.write(SpreadsheetCSV.row(Reject.header))
        var counts = RunManifest.ValidateCounts(records: 0, accepted: 0, rejected: 0, byReason: [:])
        var limited = 0
        var examples: [String: Reject] = [:]
        let progress = Progress(label: "validate", logger: self.logger)
        // CUBE_PHONES_REFERENCE=1: the run every faster road is compared with (make bench-validate).
        let bytePath = ProcessInfo.processInfo.environment["CUBE_PHONES_REFERENCE"] != "1"
        // Chunks in flight: one per core and one more, so a core never waits for the reader.
        let depth = ProcessInfo.processInfo.activeProcessorCount + 1
        var inFlight: [ValidateChunk] = []
        var ended = false
        let phoneField = self.pipeline.mapping.phone
        while true {
            while !ended && inFlight.count < depth {
                if let lines = try reader.nextLines(Self.chunkSize) {
                    inFlight.append(ValidateChunk(lines, rules: validator.rules, bytePath: bytePath, path: self.directory.ingested))
                } else {
                    ended = true
                }
            }
            guard !inFlight.isEmpty else { break }
            let output = try inFlight.removeFirst().wait()
            let sources = output.sources.map { validator.sourceIndex($0) }
            var recipientStart = 0
            var rejectStart = 0
            var previousEnd = 0
            for admission in output.admissions {
                if let first = validator.admit(key: admission.key, source: sources[admission.source], record: admission.record) {
                    let record = try ValidateChunk.record(admission.line, of: output.lines, path: self.directory.ingested)
                    let duplicate = validator.duplicate(source: record.source, record: record.record, line: record.line,
                                                        raw: record.value(phoneField) ?? "", first: first)
                    counts.byReason[duplicate.reason, default: 0] += 1
                    counts.rejected += 1
                    if examples[duplicate.reason] == nil { examples[duplicate.reason] = duplicate }
                    try recipients.write(bytes: output.recipients[recipientStart..<previousEnd])
                    recipientStart = admission.recipientEnd
                    try rejects.write(bytes: output.rejects[rejectStart..<admission.rejectOffset])
                    rejectStart = admission.rejectOffset
                    var row: [UInt8] = []
                    SpreadsheetCSV.append(duplicate.cells, to: &row)
                    try rejects.write(bytes: row)
                } else {
                    counts.accepted += 1
                }
                previousEnd = admission.recipientEnd
            }
            try recipients.write(bytes: output.recipients[recipientStart...])
            try rejects.write(bytes: output.rejects[rejectStart...])
            counts.records += output.lines.ends.count
            counts.rejected += output.rejected
            limited += output.limited
            for (reason, count) in output.byReason { counts.byReason[reason, default: 0] += count }
            for (reason, example) in output.examples where examples[reason] == nil { examples[reason] = example }
            progress.tick(output.lines.ends.count)
        }
        progress.finish()
        try recipients.commit()
        try rejects.commit()
        var manifest = try RunManifest.load(self.directory)
        manifest.stages.validate = counts
        try manifest.save(self.directory)
        self.logger.info("validated", metadata: [
            "records": .stringConvertible(counts.records), "accepted": .stringConvertible(counts.accepted),
            "rejected": .stringConvertible(counts.rejected)])
        if !self.pipeline.rejectLimit.allows(rejects: limited, of: counts.records) {
            let top = counts.byReason.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            let lines = top.prefix(5).map { reason, count -> String in
                let example = examples[reason].map { " e.g. \($0.source):\($0.line) \($0.field)=\"\($0.value)\": \($0.message)" } ?? ""
                return "  \(reason): \(count)\(example)"
            }
            throw CampaignError(
                .dataError,
                "\(limited) of \(counts.records) records were rejected, over the limit of \(self.pipeline.rejectLimit.description); nothing will be submitted.\n" + lines.joined(separator: "\n"),
                hint: "fix the export (see \(self.directory.rejects)) or raise reject_limit in \(self.pipeline.path)")
        }
        return counts
    }
}

/// The line format of `recipients.ndjson`, written as bytes.
public enum RecipientLine {
    public static func encode(_ recipient: ValidRecipient, into out: inout [UInt8]) {
        out += #"{"phone":"#.utf8
        JSONText.quote(recipient.phone, into: &out)
        out += #","name":"#.utf8
        if let name = recipient.name { JSONText.quote(name, into: &out) } else { out += "null".utf8 }
        out += #","variables":{"#.utf8
        for (index, variable) in recipient.variables.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONText.quote(variable.key, into: &out)
            out.append(0x3A)
            JSONText.quote(variable.value, into: &out)
        }
        out += #"},"source":"#.utf8
        JSONText.quote(recipient.source, into: &out)
        out += #","record":"#.utf8
        JSONText.append(decimal: recipient.record, to: &out)
        out += "}\n".utf8
    }
}
