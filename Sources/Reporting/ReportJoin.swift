import ArtifactText
import CampaignCore
import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts
import Sysexits

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

    /// The report in named steps: walk the inputs, give each record its row,
    /// count it, write it (and a retryable failure to failed.csv), then check
    /// that the counts add up before anything replaces the last report.
    func write(results: CampaignResults) async throws -> ReportSummary {
        var inputs = try ReportInputs(directory: self.directory)
        let report = try AtomicFileWriter(path: self.directory.report)
        if self.bom { try report.write("\u{FEFF}") }
        let languages = self.pipeline.language != nil || self.plan.batches.contains { $0.language != nil }
        try report.write(SpreadsheetCSV.row(ReportRow.header(languages: languages)))
        let failed = RecordsCSVWriter(path: self.directory.failed)
        var summary = ReportSummary(runId: self.plan.runId)
        let snapshots = Dictionary(self.snapshots.map { ($0.campaignId, $0) }, uniquingKeysWith: { a, _ in a })
        let members = self.plan.order == BatchPlan.zoneOrder ? try ZoneIndex.members(self.directory, plan: self.plan) : nil
        var cursor = try PartCursor(plan: self.plan, parts: self.state.parts, members: members)
        var ordinal = 0
        while let record = try inputs.ingested.next() {
            var row = self.emptyRow(for: record)
            switch try inputs.match(record) {
            case .recipient(let recipient):
                row.phone = recipient.phone
                row.language = recipient.language
                row.languageFallback = recipient.languageFallback
                let part = try await cursor.part(at: ordinal, snapshots: snapshots, results: results)
                self.resolve(&row, part: part, snapshots: snapshots, results: cursor.results)
                if part == nil, let skipped = cursor.group.flatMap({ self.plan.groups?[$0].skipped }) {
                    row.reason = ReportReason.noSendWindow.rawValue
                    row.error = skipped
                }
                summary.byBatch[part?.id ?? "-", default: [:]][row.outcome.rawValue, default: 0] += 1
                ordinal += 1
            case .reject(let reject):
                Self.resolve(&row, reject: reject)
            }
            summary.add(row)
            // Failures a retry can fix go to failed.csv; not on WhatsApp, a bad number or an opt-out do not.
            if row.outcome == .failed, MessageFailure.isRetryable(row.error) { try failed.add(record) }
            try report.write(SpreadsheetCSV.row(row.cells(languages: languages)))
        }
        try inputs.expectDrained()
        try self.checkAddsUp(&summary)
        try report.commit()
        try failed.commit()
        return summary
    }

    /// The row before anything is known of the record's fate: its place, phone and name as read.
    func emptyRow(for record: IngestedRecord) -> ReportRow {
        ReportRow(
            source: record.source, record: record.record, line: record.line,
            phone: record.value(self.pipeline.mapping.phone) ?? "",
            name: self.pipeline.mapping.name.flatMap { record.value($0) } ?? "",
            outcome: .rejected, reason: "", campaignId: "", messageLogId: "", error: "", sentAt: "", id: record.id)
    }

    /// A record validate rejected: its reason and message from rejects.csv.
    static func resolve(_ row: inout ReportRow, reject: SourceRecord) {
        let reason = RejectsFile.column("reason", of: reject) ?? "rejected"
        row.reason = reason
        switch RejectReason(rawValue: reason) {
        case .duplicate: row.outcome = .duplicate
        case .suppressed: row.outcome = .suppressed
        case .filtered: row.outcome = .filtered
        default: row.outcome = .rejected
        }
        row.error = RejectsFile.column("message", of: reject) ?? ""
    }

    /// Every record read has exactly one row: the counts add up to what ingest read, or no report replaces the last.
    func checkAddsUp(_ summary: inout ReportSummary) throws {
        let manifest = try RunManifest.load(self.directory)
        let read = manifest.stages.ingest?.records ?? summary.records
        summary.addsUp = summary.byOutcome.values.reduce(0, +) == read && summary.records == read
        guard summary.addsUp else {
            throw CampaignError(
                .dataError, "the report has \(summary.records) rows but \(read) records were read",
                hint: "this is a bug: keep the run directory and report it")
        }
    }

    func resolve(
        _ row: inout ReportRow, part: JournalState.Part?, snapshots: [String: CampaignSnapshot],
        results: [String: ResultLine]
    ) {
        guard let part else {
            row.outcome = .notSubmitted
            row.reason = ReportReason.notPlanned.rawValue
            return
        }
        let campaignId: String
        switch part.status {
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
        if let scheduled = snapshot?.scheduledAt, row.outcome == .pending {
            row.reason = ReportReason.scheduled(scheduled).rawValue
        }
    }
}
