import Foundation
import Testing

/// `campaign-runs` over a folder of real runs in each state, read from their files alone.
@Suite("End to end: past runs at a glance")
struct RunsTests {
    static func pipeline(_ name: String, extra: String = "") throws -> String {
        try Support.plainPipeline(name, extra: extra)
    }

    @Test("done, failed, waiting and paused runs each listed with their state; --json and index.html say the same")
    func states() async throws {
        let folder = try Support.runDirectory("runs-list")
        let good = try SandboxProcess(["--failure-rate", "0", "--send-rate", "100000"])
        let failing = try SandboxProcess(["--failure-rate", "0.9", "--send-rate", "100000"])
        // Each run its own people: the contact history refuses a run mostly sent by another today.
        for (index, name) in ["a", "c", "d"].enumerated() {
            try Support.recipientsCSV(count: 20, first: index * 100).write(
                toFile: folder + "/\(name).csv", atomically: true, encoding: .utf8)
        }
        try "first_name,mobile,order\nA,12,1\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        func stages(_ run: String, _ pipeline: String, _ sandbox: SandboxProcess, input: String, report: [String])
            throws
        {
            let common = ["--pipeline", pipeline, "--run", folder + "/" + run]
            #expect(
                try Executables.run("campaign-ingest", common + [folder + "/" + input], environment: sandbox.environment).status
                    == 0)
            guard try Executables.run("campaign-validate", common, environment: sandbox.environment).status == 0 else { return }
            #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
            _ = try Executables.run("campaign-report", common + report, environment: sandbox.environment)
        }
        try stages("a-done", try Self.pipeline("done"), good, input: "a.csv", report: ["--timeout", "60"])
        try stages("b-failed", try Self.pipeline("failed", extra: "reject_limit: 0"), good, input: "bad.csv", report: [])
        try stages(
            "c-waiting", try Self.pipeline("waiting", extra: "pace: {per_hour: 10}"), good, input: "c.csv",
            report: ["--timeout", "20"])
        try stages(
            "d-paused", try Self.pipeline("paused", extra: "pace: {canary: 5, canary_wait: 1h}"), failing, input: "d.csv",
            report: ["--timeout", "60"])

        let list = try Executables.run("campaign-runs", ["list", folder])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        for (run, state) in [("a-done", "done"), ("b-failed", "failed"), ("c-waiting", "waiting (next "), ("d-paused", "paused")]
        {
            #expect(lines.contains { $0.hasPrefix(run) && $0.contains("  " + state) }, "\(run) \(state): \(list.stdout)")
        }
        let json = try Executables.run("campaign-runs", ["list", folder, "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: listed.map { ($0["run"] as? String ?? "", $0["status"] as? String ?? "") })
        #expect(states == ["a-done": "done", "b-failed": "failed", "c-waiting": "waiting", "d-paused": "paused"], "\(states)")
        let done = try #require(listed.first { $0["run"] as? String == "a-done" })
        #expect(done["sent"] as? Int == 20 && done["records"] as? Int == 20)

        let index = try Executables.run("campaign-runs", ["index", folder, "--out", folder + "/index.html"])
        #expect(index.status == 0, "\(index.stderr)")
        let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(html.contains("href=\"a-done/report.html\"") && html.contains("href=\"b-failed/last-error.json\""))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "self-contained")
        #expect(try Executables.run("campaign-runs", ["list", folder + "/a.csv"]).status == 65)
    }
}
