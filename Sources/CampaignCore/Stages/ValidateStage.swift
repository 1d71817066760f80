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
        var line: [UInt8] = []
        line.reserveCapacity(512)
        var pending: PhoneBatch?
        while true {
            var chunk: [IngestedRecord] = []
            chunk.reserveCapacity(Self.chunkSize)
            while chunk.count < Self.chunkSize, let record = try reader.next() { chunk.append(record) }
            let next = chunk.isEmpty ? nil : validator.startNormalizing(chunk)
            if let batch = pending {
                let phones = batch.wait()
                for (index, record) in batch.records.enumerated() {
                    counts.records += 1
                    progress.tick()
                    switch validator.decide(record, phone: phones[index]) {
                    case .accept(let recipient):
                        counts.accepted += 1
                        line.removeAll(keepingCapacity: true)
                        RecipientLine.encode(recipient, into: &line)
                        try recipients.write(bytes: line)
                    case .reject(let reject):
                        counts.rejected += 1
                        counts.byReason[reject.reason, default: 0] += 1
                        if RejectReason(rawValue: reject.reason)?.countsAgainstLimit ?? true { limited += 1 }
                        if examples[reject.reason] == nil { examples[reject.reason] = reject }
                        try rejects.write(SpreadsheetCSV.row(reject.cells))
                    }
                }
            }
            guard let next else { break }
            pending = next
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
        out += String(recipient.record).utf8
        out += "}\n".utf8
    }
}
