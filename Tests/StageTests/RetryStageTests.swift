@testable import CampaignCore
import ContactHistory
import CubeAPI
import Foundation
import Logging
import RunArtifacts
import Testing

/// `--retry-of` on a run whose artifacts say exactly who got what: with
/// `dedupe: none` a phone can stand in two records, one sent and one failed,
/// and neither may go again.
@Suite("Retry: who goes again")
struct RetryStageTests {
    @Test(
        "only phones whose every record failed transiently are retried; a sent record keeps its phone out; permanent ones stay out"
    )
    func mixedRecords() throws {
        let folder = NSTemporaryDirectory() + "retry-stage-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/input.csv"
        try """
        first_name,mobile,order
        X1,+966500000001,O1
        Y,+966500000002,O2
        X2,+966500000001,O3
        Z,+966500000003,O4
        W,+966500000004,O5

        """.write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader().parse(
            """
            name: retry-stage
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            dedupe: none
            batch_size: 2
            """, path: folder + "/pipeline.yaml")
        // Runs in folder/runs share folder/state, as runs/ and state/ do beside each other.
        let old = try RunDirectory(path: folder + "/runs/old")
        let logger = Logger(label: "retry-tests")
        try IngestStage(pipeline: pipeline, directory: old, logger: logger).run(inputs: [input])
        try ValidateStage(pipeline: pipeline, directory: old, logger: logger).run()
        let plan = try BatchPlan.make(pipeline: pipeline, run: old, at: Date())
        try ArtifactJSON.write(plan, to: old.plan)
        let lines: [(String, String, String, String?)] = [
            ("C1", "500000001", "sent", nil), ("C1", "500000002", "failed", MessageFailure.somethingWentWrong.text),
            ("C2", "500000001", "failed", MessageFailure.rateLimited.text),
            ("C2", "500000003", "failed", MessageFailure.stoppedMarketing.text),
            ("C3", "500000004", "failed", MessageFailure.serviceUnavailable.text),
        ]
        let results = try lines.map { campaign, phone, status, error in
            String(
                decoding: try JSONEncoder().encode(
                    ResultLine(
                        campaignId: campaign, part: "1", phone: "966" + phone, status: RecipientStatus(rawValue: status),
                        messageLogId: nil, errorMessage: error, sentAt: nil)), as: UTF8.self)
        }
        try (results.joined(separator: "\n") + "\n").write(toFile: old.results, atomically: true, encoding: .utf8)
        let history = HistoryLocation.sqlite(path: folder + "/state/history.sqlite")
        _ = try history.open()

        var retry = RetryStage(
            pipeline: pipeline, directory: try RunDirectory(path: folder + "/runs/new"), from: old, logger: logger)
        retry.history = history
        let outcome = try retry.run()
        #expect(outcome.retried == 2, "+966500000001 was sent once: neither of its records goes again")
        #expect(outcome.notRetried[.permanent] == 1)
        let copied = try String(contentsOfFile: folder + "/runs/new/ingested.ndjson", encoding: .utf8)
        #expect(copied.contains("+966500000002") && copied.contains("+966500000004"))
        #expect(!copied.contains("+966500000001") && !copied.contains("+966500000003"))

        // As `fetch: failures` leaves it: no line for what was sent. Two records, one due failure: out all the same.
        try (results.dropFirst().joined(separator: "\n") + "\n").write(toFile: old.results, atomically: true, encoding: .utf8)
        var again = RetryStage(
            pipeline: pipeline, directory: try RunDirectory(path: folder + "/runs/new-2"), from: old, logger: logger)
        again.history = history
        let second = try again.run()
        #expect(second.retried == 2)
        #expect(second.mixed == 1)
        #expect(!(try String(contentsOfFile: folder + "/runs/new-2/ingested.ndjson", encoding: .utf8)).contains("+966500000001"))
    }
}
