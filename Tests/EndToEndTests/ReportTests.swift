import AsyncHTTPClient
import CubeAPI
import NIOCore
import Foundation
import RecipientIO
import Testing
import NIOHTTP1

/// The report stage against a real sandbox: waiting, pacing, fetch modes and safe output.
@Suite("End to end: report")
struct ReportTests {
    /// Samples through ingest, validate and submit with the given pipeline tweaks.
    func submitted(
        _ name: String, sandbox: SandboxProcess, pipelineExtra: String = "", inputs: [String]? = nil,
        mapping: String =
            "{phone: mobile, name: first_name, variables: {\"1\": first_name, \"2\": order, \"3\": {value: CUBE20}}}"
    )
        throws -> (common: [String], run: String)
    {
        let folder = try Support.runDirectory(name)
        let pipeline = try Support.pipeline(
            """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: \(mapping)
            suppression: [pipelines/demo-opt-outs.csv]
            reject_limit: 50%
            batch_size: 10
            \(pipelineExtra)
            """)
        let run = folder + "/run"
        let common = ["--pipeline", pipeline, "--run", run]
        let env = sandbox.environment
        #expect(try Executables.run("campaign-ingest", common + (inputs ?? Support.samples), environment: env).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: env).status == 0)
        let submit = try Executables.run("campaign-submit", common, environment: env)
        #expect(submit.status == 0, "\(submit.stderr)")
        return (common, run)
    }

    @Test("--no-wait exits 75 while campaigns run; later, without it, 0")
    func noWait() throws {
        let sandbox = try SandboxProcess(["--send-rate", "2", "--start-delay", "0"])
        let (common, run) = try self.submitted("nowait", sandbox: sandbox)
        let early = try Executables.run("campaign-report", common + ["--no-wait"], environment: sandbox.environment)
        #expect(early.status == 75, "\(early.stderr)")
        #expect(FileManager.default.fileExists(atPath: run + "/report.csv"), "what is known is written")
        #expect(try Support.csvRows(run + "/report.csv").contains { $0.fields[5].value == "pending" })
        let later = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(later.status == 0, "\(later.stderr)")
        #expect(!(try Support.csvRows(run + "/report.csv")).contains { $0.fields[5].value == "pending" })
    }

    @Test("under a per-minute limit the report completes without a visible 429, and failures mode fetches only failed pages")
    func rateLimitedFailuresMode() throws {
        let sandbox = try SandboxProcess(["--rate-limit", "12", "--failure-rate", "0.3"])
        let (common, run) = try self.submitted("ratelimit", sandbox: sandbox, pipelineExtra: "report: {fetch: failures}")
        let report = try Executables.run("campaign-report", common + ["--timeout", "180"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(!report.stderr.contains("error"), "\(report.stderr)")
        let summary =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/summary.json")))
            as? [String: Any]
        let campaigns =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/campaigns.json")))
            as? [[String: Any]] ?? []
        let allowed = campaigns.reduce(0) { $0 + max(1, (($1["failed"] as? Int ?? 0) + 99) / 100) }
        #expect((summary?["requests"] as? Int ?? .max) <= allowed)
        #expect(summary?["adds_up"] as? Bool == true)
    }

    @Test("formula cells come out neutralised in report.csv and failed.csv; report.html has no URL and draws the chart")
    func safeOutputs() throws {
        let folder = try Support.runDirectory("formula-input")
        let input = folder + "/input.csv"
        var csv = "first_name,mobile,order\n"
        for index in 0..<30 {
            csv +=
                "\"=HYPERLINK(\"\"http://evil.example/\(index)\"\",\"\"x\"\")\",+9665\(String(format: "%08d", 10_000 + index)),@SUM(A\(index))\n"
        }
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let sandbox = try SandboxProcess(["--failure-rate", "1"])
        let (common, run) = try self.submitted("formula", sandbox: sandbox, inputs: [input])
        #expect(
            try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment).status == 0)
        let report = try String(contentsOfFile: run + "/report.csv", encoding: .utf8)
        #expect(report.contains("\"'=HYPERLINK("))
        #expect(!report.contains(",=HYPERLINK") && !report.contains(",\"=HYPERLINK"))
        let failed = try String(contentsOfFile: run + "/failed.csv", encoding: .utf8)
        #expect(failed.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count > 1, "some failures are worth retrying")
        #expect(!failed.contains(",=") && !failed.contains("\n=") && !failed.contains("\"=") && !failed.contains(",@"))
        #expect(failed.contains("'@SUM("))
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        // Self-contained: nothing the page would fetch. A recipient's text may hold a URL; it shows as text, escaped.
        for reference in ["src=", "href=", "<link", "<script", "url(", "@import"] {
            #expect(!html.contains(reference), "\(reference)")
        }
        #expect(!html.contains("=HYPERLINK(\""), "a formula in a message is text, escaped")
        #expect(html.contains("<svg") && html.contains("<rect"))
    }
}

@Suite("End to end: report webhooks")
struct ReportWebhookTests {
    @Test("a forged webhook is refused with 401; a signed campaign.completed ends the wait for its campaign")
    func listener() async throws {
        let port = Int.random(in: 20_000...60_000)
        let sandbox = try SandboxProcess([
            "--send-rate", "2", "--webhook-url", "http://127.0.0.1:\(port)/hooks",
            "--webhook-secret", "whsec-e2e",
        ])
        let (common, run) = try ReportTests().submitted("listen", sandbox: sandbox)
        let process = Process()
        process.executableURL = Executables.binDirectory.appendingPathComponent("campaign-report")
        process.arguments = common + ["--listen", "127.0.0.1:\(port)", "--timeout", "120"]
        process.currentDirectoryURL = Executables.packageRoot
        var env = ProcessInfo.processInfo.environment.merging(sandbox.environment) { $1 }
        env["CUBE_WEBHOOK_SECRET"] = "whsec-e2e"
        process.environment = env
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // A webhook signed with the wrong secret is refused once the listener is up.
        var forged = HTTPClientRequest(url: "http://127.0.0.1:\(port)/hooks")
        forged.method = .POST
        let body =
            #"{"event":"campaign.completed","campaign_id":"x","tenant_id":"t","timestamp":"now","status":"completed","total_count":1,"sent_count":1,"failed_count":0}"#
        let stamp = Timestamp.utc(Date())
        forged.headers.add(name: "X-Webhook-Timestamp", value: stamp)
        forged.headers.add(
            name: "X-Webhook-Signature", value: WebhookSignature.sign(body: Data(body.utf8), timestamp: stamp, secret: "wrong"))
        forged.body = .bytes(ByteBuffer(string: body))
        var status: UInt?
        for _ in 0..<100 where status == nil {
            status = try? await HTTPClient.shared.execute(forged, timeout: .seconds(2)).status.code
            if status == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(status == 401)

        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("refused webhook(s)"), "one line for the refusal, with its count")
        #expect(log.contains("campaign.completed"))
        #expect(log.contains("a webhook reported a campaign completed"))
        #expect(try Support.csvRows(run + "/report.csv").count == 29)
    }
}
