import CubeAPI
import Foundation
@testable import Reporting
import RunArtifacts
import Testing
@testable import CampaignCore

/// How a valid recipient's row gets its outcome from its unit's journal status,
/// its campaign's snapshot and the API's result for its phone.
@Suite("Report: outcome of a recipient's row")
struct ReportOutcomeTests {
    static func join(snapshots: [CampaignSnapshot] = []) throws -> ReportJoin {
        let pipeline = try PipelineLoader().parse(
            """
            name: p
            account: a
            template: {name: t, language: ar}
            mapping: {phone: mobile}
            """, path: "p.yaml")
        let plan = SubmitPlanningTests.plan()
        return ReportJoin(
            pipeline: pipeline,
            directory: try RunDirectory(path: NSTemporaryDirectory() + "report-\(UUID().uuidString.prefix(6))"),
            plan: plan, state: try JournalState(plan: plan, events: []), snapshots: snapshots, bom: false)
    }

    static func row(phone: String = "+966500000001") -> ReportRow {
        ReportRow(
            source: "a.csv", record: 1, line: 2, phone: phone, name: "", outcome: .rejected, reason: "", campaignId: "",
            messageLogId: "", error: "", sentAt: "", id: 1)
    }

    static func part(_ status: JournalState.Status) -> JournalState.Part {
        JournalState.Part(id: "1", batch: 1, offset: 0, count: 20, scheduledAt: nil, status: status, key: "k")
    }

    static func snapshot(_ status: CampaignStatus, scheduledAt: String? = nil) -> CampaignSnapshot {
        CampaignSnapshot(
            part: "1", campaignId: "c1", status: status, total: 20, sent: 0, failed: 0, scheduledAt: scheduledAt, recipients: 20)
    }

    func outcome(_ part: JournalState.Part?, snapshot: CampaignSnapshot? = nil, result: ResultLine? = nil) throws -> ReportRow {
        let join = try Self.join(snapshots: snapshot.map { [$0] } ?? [])
        var row = Self.row()
        join.resolve(
            &row, part: part, snapshots: snapshot.map { ["c1": $0] } ?? [:], results: result.map { ["966500000001": $0] } ?? [:])
        return row
    }

    @Test("journal states without a campaign: not submitted, with the reason")
    func withoutCampaign() throws {
        #expect(try self.outcome(nil).reason == ReportReason.notPlanned.rawValue)
        #expect(try self.outcome(Self.part(.planned)).outcome == .notSubmitted)
        #expect(try self.outcome(Self.part(.unknown("timeout"))).reason == ReportReason.outcomeUnknown.rawValue)
        let refused = try self.outcome(Self.part(.rejected(code: "TEMPLATE_NOT_FOUND", message: "no such template")))
        #expect(refused.outcome == .notSubmitted)
        #expect(refused.reason == "template_not_found")
        #expect(refused.error == "no such template")
        #expect(try self.outcome(Self.part(.cancelled("c1"))).outcome == .cancelled)
    }

    @Test("a created campaign: the API's result decides; without one, the campaign's state does")
    func withCampaign() throws {
        let sent = ResultLine(
            campaignId: "c1", part: "1", phone: "966500000001", status: .sent, messageLogId: "m1", errorMessage: nil,
            sentAt: "2026-05-01T09:00:01Z")
        let row = try self.outcome(Self.part(.created("c1")), snapshot: Self.snapshot(.completed), result: sent)
        #expect(row.outcome == .sent)
        #expect(row.messageLogId == "m1")
        let failed = ResultLine(
            campaignId: "c1", part: "1", phone: "966500000001", status: .failed, messageLogId: nil,
            errorMessage: MessageFailure.stoppedMarketing.text, sentAt: nil)
        let failedRow = try self.outcome(Self.part(.created("c1")), snapshot: Self.snapshot(.completed), result: failed)
        #expect(failedRow.outcome == .failed)
        #expect(failedRow.reason == ReportReason.sendFailed.rawValue)
        // In failures mode a completed campaign's other rows are sent; a scheduled one's are pending with when.
        #expect(try self.outcome(Self.part(.created("c1")), snapshot: Self.snapshot(.completed)).outcome == .sent)
        let later = try self.outcome(
            Self.part(.created("c1")), snapshot: Self.snapshot(.pending, scheduledAt: "2026-05-02T06:00:00Z"))
        #expect(later.outcome == .pending)
        #expect(later.reason == ReportReason.scheduled("2026-05-02T06:00:00Z").rawValue)
        #expect(try self.outcome(Self.part(.created("c1")), snapshot: Self.snapshot(.cancelled)).outcome == .cancelled)
    }

    @Test(
        "failures worth a retry are told from the ones a retry cannot fix",
        arguments: [
            (MessageFailure.notOnWhatsApp.text, false), (MessageFailure.invalidPhoneNumber.text, false),
            (MessageFailure.stoppedMarketing.text, false), (MessageFailure.marketingCap.text, true),
            (MessageFailure.reengagementWindow.text, true), ("(#131000) Something went wrong", true),
            // A permanent code or text anywhere wins, as it did when these were substrings.
            ("Error 131026: not on WhatsApp", false), ("(#131049) cap reached; Invalid phone number", false),
        ])
    func retryable(message: String, retryable: Bool) {
        #expect(MessageFailure.isRetryable(message) == retryable)
    }
}
