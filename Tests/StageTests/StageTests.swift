import CampaignCore
import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RecipientIO
import Reporting
import RunArtifacts
import Testing
import ContactHistory

/// The four stage structs in process, against the sandbox application on a
/// live loopback port (HummingbirdTesting's `.live`): the stages exactly as the
/// executables and the inbox call them, in seconds and under a debugger.
@Suite("Stages in process against the sandbox application")
struct StageTests {
    static let logger = Logger(label: "stage-tests")

    /// A run directory with `count` recipients, and its pipeline.
    static func prepare(_ name: String, count: Int, batchSize: Int) throws -> (Pipeline, RunDirectory, String) {
        let folder = NSTemporaryDirectory() + "stage-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var csv = "first_name,mobile,order\n"
        for index in 0..<count { csv += "N\(index),+9665\(String(format: "%08d", index)),O\(index)\n" }
        csv += "Dup,+966500000000,O-dup\nBad,nope,O-bad\n"
        let input = folder + "/input.csv"
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader().parse(
            """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            batch_size: \(batchSize)
            reject_limit: 50%
            """, path: folder + "/pipeline.yaml")
        return (pipeline, try RunDirectory(path: folder + "/run"), input)
    }

    /// Every row of report.csv as a dictionary keyed by the header's names.
    static func report(_ run: RunDirectory) throws -> [[String: String]] {
        let reader = CSVReader(source: try FileSource(path: run.report), name: run.report, options: .init())
        var rows: [[String: String]] = []
        while let row = try reader.next() {
            rows.append(Dictionary(row.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
        return rows
    }

    @Test("ingest, validate, submit and report in process: every record once, a second submit creates nothing")
    func allStages() async throws {
        var options = SandboxOptions()
        options.port = 0
        options.startDelay = 0
        options.sendRate = 100_000
        options.failureRate = 0
        let app = try buildApplication(options: options)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let cube = CubeClient(configuration: CubeConfiguration(baseURL: "http://127.0.0.1:\(port)", apiKey: "sandbox-key"))
            let (pipeline, run, input) = try Self.prepare("inprocess", count: 25, batchSize: 10)
            let ingested = try IngestStage(pipeline: pipeline, directory: run, logger: Self.logger).run(inputs: [input])
            #expect(ingested.records == 27)
            let validated = try ValidateStage(pipeline: pipeline, directory: run, logger: Self.logger).run()
            #expect(validated.accepted == 25)
            var submit = SubmitStage(pipeline: pipeline, directory: run, client: cube, logger: Self.logger, output: { _ in })
            // A history of this test's own: the default (state/ beside the runs' folder) outlives the test.
            let history = NSTemporaryDirectory() + "stage-history-\(UUID().uuidString.prefix(8))/history.sqlite"
            submit.history = .sqlite(path: history)
            let first = try await submit.run()
            #expect(first.created == 3)
            #expect(try await submit.run().created == 3, "the journal holds them: nothing more is created")
            var stage = ReportStage(
                pipeline: pipeline, directory: run, client: cube, logger: Self.logger,
                options: ReportStage.Options(timeout: 60))
            stage.history = .sqlite(path: history)
            let (completion, summary) = try await stage.run()
            guard case .complete = completion else {
                Issue.record("the campaigns did not complete")
                return
            }
            #expect(summary.records == 27)
            #expect(summary.addsUp)
            let rows = try Self.report(run)
            #expect(rows.count == 27)
            #expect(rows.filter { $0["outcome"] == RecordOutcome.sent.rawValue }.count == 25)
            #expect(rows.first { $0["phone"] == "nope" }?["reason"] == RejectReason.invalidPhone.rawValue)
            #expect(rows.filter { $0["outcome"] == RecordOutcome.duplicate.rawValue }.count == 1)
            #expect(Set(rows.compactMap { $0["campaign_id"] }.filter { !$0.isEmpty }).count == 3)
        }
    }
}
