import CubeAPI
import Foundation
import RecipientIO

/// Walks `ingested.ndjson`, `recipients.ndjson` and `rejects.csv` together —
/// all three are in input order — and joins the API's results, so every input
/// record gets exactly one row without holding the inputs in memory.
struct ReportJoin {
    let pipeline: Pipeline
    let directory: RunDirectory
    let plan: BatchPlan
    let state: JournalState
    let snapshots: [CampaignSnapshot]
    let bom: Bool

    static let examplesPerClass = 5

    func write(results: CampaignResults) async throws -> ReportSummary {
        for file in [self.directory.ingested, self.directory.recipients, self.directory.rejects] {
            try self.directory.require(file, from: "campaign-validate")
        }
        let ingested = try IngestedReader(path: self.directory.ingested)
        let recipients = NDJSONReader(source: try FileSource(path: self.directory.recipients), name: self.directory.recipients,
                                      maxDepth: 4, maxStringBytes: 1 << 20)
        let rejects = CSVReader(source: try FileSource(path: self.directory.rejects), name: self.directory.rejects,
                                options: .init(delimiter: UInt8(ascii: ","), header: true, maxFieldBytes: 1 << 22))
        let report = try AtomicFileWriter(path: self.directory.report)
        if self.bom { try report.write("\u{FEFF}") }
        try report.write(SpreadsheetCSV.row(ReportRow.header))
        let failed = FailedWriter(path: self.directory.failed)

        var summary = ReportSummary(runId: self.plan.runId, records: 0, byOutcome: [:], byReason: [:], bySource: [:],
                                    byBatch: [:], addsUp: false, requests: 0, timings: [:], examples: [:])
        let units = self.state.units
        // Where each unit ends among all recipients, computed once rather than per record.
        let unitEnds = units.map(self.globalEnd)
        let snapshotByCampaign = Dictionary(self.snapshots.map { ($0.campaignId, $0) }, uniquingKeysWith: { a, _ in a })
        var nextRecipient = try recipients.next()
        var nextReject = try rejects.next()
        var ordinal = 0
        var unitIndex = 0
        var loadedUnit: String?
        var unitResults: [String: ResultLine] = [:]

        while let record = try ingested.next() {
            var row = ReportRow(source: record.source, record: record.record, line: record.line,
                                phone: record.value(self.pipeline.mapping.phone) ?? "",
                                name: self.pipeline.mapping.name.flatMap { record.value($0) } ?? "",
                                outcome: .rejected, reason: "", campaignId: "", messageLogId: "", error: "", sentAt: "")
            if let recipient = nextRecipient, Self.matches(recipient, record) {
                row.phone = recipient.fields.first { $0.name == "phone" }?.value ?? row.phone
                // Units are in recipients order; advance to the one holding this ordinal.
                while unitIndex < units.count, unitEnds[unitIndex] <= ordinal { unitIndex += 1 }
                let unit = unitIndex < units.count ? units[unitIndex] : nil
                if let unit, unit.id != loadedUnit {
                    // Entering the next campaign: fetch its results, let the previous one's go.
                    loadedUnit = unit.id
                    unitResults = [:]
                    if case .created(let id) = unit.status, let snapshot = snapshotByCampaign[id] {
                        unitResults = try await results.results(for: snapshot)
                    }
                }
                self.resolve(&row, unit: unit, snapshots: snapshotByCampaign, results: unitResults)
                summary.byBatch[unit?.id ?? "-", default: [:]][row.outcome.rawValue, default: 0] += 1
                ordinal += 1
                nextRecipient = try recipients.next()
            } else if let reject = nextReject, Self.matches(reject, record) {
                let reason = Self.column("reason", of: reject) ?? "rejected"
                row.reason = reason
                row.outcome = reason == RejectReason.duplicate.rawValue ? .duplicate
                    : reason == RejectReason.suppressed.rawValue ? .suppressed : .rejected
                row.error = Self.column("message", of: reject) ?? ""
                nextReject = try rejects.next()
            } else {
                throw CampaignError(.dataError, "\(record.source) record \(record.record) is neither in recipients.ndjson nor in rejects.csv",
                                    hint: "the run's artifacts disagree; run campaign-validate again")
            }
            summary.records += 1
            summary.byOutcome[row.outcome.rawValue, default: 0] += 1
            if !row.reason.isEmpty { summary.byReason[row.reason, default: 0] += 1 }
            summary.bySource[row.source, default: [:]][row.outcome.rawValue, default: 0] += 1
            if row.outcome != .sent && row.outcome != .pending, summary.examples[row.outcome.rawValue, default: []].count < Self.examplesPerClass {
                summary.examples[row.outcome.rawValue, default: []].append(
                    .init(source: row.source, line: row.line, phone: Self.masked(row.phone), reason: row.reason, error: row.error))
            }
            // Failures a retry can fix go to failed.csv; not on WhatsApp, a bad number or an opt-out do not.
            if row.outcome == .failed, MessageFailure.isRetryable(row.error) {
                try failed.add(record)
            }
            try report.write(SpreadsheetCSV.row(row.cells))
        }
        guard nextRecipient == nil, nextReject == nil else {
            throw CampaignError(.dataError, "recipients.ndjson or rejects.csv hold records that ingested.ndjson does not",
                                hint: "the run's artifacts disagree; run campaign-validate again")
        }
        let manifest = try RunManifest.load(self.directory)
        let read = manifest.stages.ingest?.records ?? summary.records
        summary.addsUp = summary.byOutcome.values.reduce(0, +) == read && summary.records == read
        guard summary.addsUp else {
            throw CampaignError(.dataError, "the report has \(summary.records) rows but \(read) records were read",
                                hint: "this is a bug: keep the run directory and report it")
        }
        try report.commit()
        try failed.commit()
        return summary
    }

    func globalEnd(_ unit: JournalState.Unit) -> Int {
        guard let batch = self.plan.batches.first(where: { $0.index == unit.batch }) else { return 0 }
        return batch.start + unit.offset + unit.count
    }

    func resolve(_ row: inout ReportRow, unit: JournalState.Unit?, snapshots: [String: CampaignSnapshot],
                 results: [String: ResultLine]) {
        guard let unit else {
            row.outcome = .notSubmitted
            row.reason = ReportReason.notPlanned.rawValue
            return
        }
        let campaignId: String
        switch unit.status {
        case .created(let id): campaignId = id
        case .cancelled(let id):
            row.outcome = .cancelled
            row.campaignId = id
            return
        case .rejected(let code, let message):
            row.outcome = .notSubmitted
            row.reason = code.lowercased()
            row.error = message
            return
        case .unknown(let message):
            row.outcome = .notSubmitted
            row.reason = ReportReason.outcomeUnknown.rawValue
            row.error = message
            return
        default:
            row.outcome = .notSubmitted
            row.reason = ReportReason.notSubmitted.rawValue
            return
        }
        row.campaignId = campaignId
        let snapshot = snapshots[campaignId]
        if snapshot?.status == .cancelled {
            row.outcome = .cancelled
            return
        }
        if let result = results[ResultKey.digits(row.phone)] {
            row.messageLogId = result.messageLogId ?? ""
            row.sentAt = result.sentAt ?? ""
            row.error = result.errorMessage ?? ""
            switch result.status {
            case .sent: row.outcome = .sent
            case .failed:
                row.outcome = .failed
                row.reason = ReportReason.sendFailed.rawValue
            default: row.outcome = .pending
            }
            return
        }
        // In `failures` mode only failed and pending rows are fetched: the rest of a completed campaign was sent.
        row.outcome = snapshot?.status == .completed ? .sent : .pending
        if let scheduled = snapshot?.scheduledAt, row.outcome == .pending { row.reason = ReportReason.scheduled(scheduled).rawValue }
    }

    /// A `rejects.csv` cell by its header name (`Reject.header`), not its position.
    static func column(_ name: String, of line: SourceRecord) -> String? {
        line.fields.first { $0.name == name }?.value
    }

    /// Same source and record number; rejects.csv holds the source as neutralised for spreadsheets.
    static func matches(_ line: SourceRecord, _ record: IngestedRecord) -> Bool {
        var source: String?
        var number: Int?
        for field in line.fields {
            if field.name == "source" { source = field.value }
            if field.name == "record" { number = Int(field.value) }
            if source != nil && number != nil { break }
        }
        guard let source, number == record.record else { return false }
        return source == record.source || source == SpreadsheetCSV.neutralised(record.source)
    }

    /// `+9665•••••567`: examples on the HTML page show enough to find the row, not the whole number.
    static func masked(_ phone: String) -> String {
        guard phone.count > 7 else { return phone }
        return String(phone.prefix(5)) + String(repeating: "•", count: phone.count - 8) + String(phone.suffix(3))
    }
}
