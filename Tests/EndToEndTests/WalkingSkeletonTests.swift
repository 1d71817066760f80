import Foundation
import RecipientIO
import Testing

/// The real executables against a real cube-sandbox on loopback.
@Suite("End to end: samples through every stage")
struct WalkingSkeletonTests {
    @Test("every sample record appears exactly once in report.csv, and a rerun sends nothing")
    func samplesThroughAllStages() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0.2"])
        let run = try Support.runDirectory("skeleton")
        let env = sandbox.environment
        let common = ["--pipeline", "pipelines/demo.yaml", "--run", run]

        let ingest = try Executables.run("campaign-ingest", common + Support.samples, environment: env)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common, environment: env)
        #expect(validate.status == 0, "\(validate.stderr)")
        let submit = try Executables.run("campaign-submit", common, environment: env)
        #expect(submit.status == 0, "\(submit.stderr)")
        // Outside the demo's send window (09:00-21:00 Riyadh) the campaigns wait for its opening: go there.
        try await Support.advanceToSchedules(sandbox)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")

        // Count the records in the inputs independently of ingest: every one must be in the report once.
        let ingested = try String(contentsOfFile: run + "/ingested.ndjson", encoding: .utf8).split(separator: "\n")
        let rows = try Support.csvRows(run + "/report.csv")
        #expect(ingested.count == 29)
        #expect(rows.count == ingested.count)
        var seen = Set<String>()
        for row in rows {
            let key = "\(row.fields[0].value)#\(row.fields[1].value)"
            #expect(seen.insert(key).inserted, "record \(key) appears twice")
        }
        // Every record keeps the id ingest gave it: the report's rows are ids 1…29 in order, and
        // validate's two files split those ids between them, each once.
        #expect(try Support.csvDictionaries(run + "/report.csv").map { Int($0["id"] ?? "") } == Array(1...29))
        let recipientIds = try String(contentsOfFile: run + "/recipients.ndjson", encoding: .utf8).split(separator: "\n")
            .map { line -> Int? in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return object["id"] as? Int
            }
        let rejectIds = try Support.csvDictionaries(run + "/rejects.csv").map { Int($0["id"] ?? "") }
        #expect((recipientIds + rejectIds).compactMap { $0 }.sorted() == Array(1...29))
        let outcomes = Dictionary(grouping: rows, by: { $0.fields[5].value }).mapValues(\.count)
        #expect(outcomes["duplicate"] == 2)
        #expect(outcomes["suppressed"] == 2)
        #expect((outcomes["sent"] ?? 0) + (outcomes["failed"] ?? 0) == 21)
        let summary =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/summary.json")))
            as? [String: Any]
        #expect(summary?["adds_up"] as? Bool == true)
        #expect(summary?["records"] as? Int == 29)

        let campaignsBefore = try await Support.sandboxCampaigns(sandbox)
        #expect(campaignsBefore.count == 3)
        // The demo sends each recipient in their language: 12 in Arabic (parts of 10), 9 in English.
        #expect(campaignsBefore.map(\.recipientCount) == [10, 2, 9])
        #expect(campaignsBefore.map(\.templateLanguage) == ["ar", "ar", "en_US"])

        // Running submit again on the same run creates nothing.
        let again = try Executables.run("campaign-submit", common, environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        let campaignsAfter = try await Support.sandboxCampaigns(sandbox)
        #expect(campaignsAfter.map(\.campaignId) == campaignsBefore.map(\.campaignId))
    }

    @Test("the same inputs give the same artifact bytes")
    func deterministicArtifacts() throws {
        let env = ["CUBE_ACCOUNT_ID": "sandbox-account"]
        var digests: [[Data]] = []
        for name in ["a", "b"] {
            let run = try Support.runDirectory("determinism-\(name)")
            let common = ["--pipeline", "pipelines/demo.yaml", "--run", run]
            #expect(try Executables.run("campaign-ingest", common + Support.samples, environment: env).status == 0)
            #expect(try Executables.run("campaign-validate", common, environment: env).status == 0)
            digests.append(
                try ["ingested.ndjson", "recipients.ndjson", "rejects.csv"].map {
                    try Data(contentsOf: URL(fileURLWithPath: run + "/" + $0))
                })
        }
        #expect(digests[0] == digests[1])
    }
}
