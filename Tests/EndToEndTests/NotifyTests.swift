import CubeAPI
import Foundation
import Testing

/// `notify:` against a real sandbox and a real HTTP receiver: each piece of news arrives once, signed
/// when a secret is set, and a receiver that fails or never answers changes no exit code.
@Suite("End to end: the news of a run, pushed out")
struct NotifyTests {
    static let secret = "notify-secret"

    static func pipeline(_ name: String, url: String, extra: String = "", notify: String? = nil) -> String {
        let receivers =
            notify
            ?? "  - {url: \"\(url)\", format: json, on: [finished, paused, failed, rejected_file], secret_env: CUBE_NOTIFY_SECRET}"
        return """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            phone: {region: SA, accept: possible}
            schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
            notify:
            \(receivers)
            inbox: {match: ["\(name)-*.csv"]}
            \(extra)
            """
    }

    /// The events a receiver got, by `event`, from the JSON bodies.
    static func events(_ receiver: NewsReceiver) -> [String: [[String: Any]]] {
        var events: [String: [[String: Any]]] = [:]
        for delivery in receiver.received {
            guard let object = try? JSONSerialization.jsonObject(with: delivery.body) as? [String: Any],
                let event = object["event"] as? String
            else { continue }
            events[event, default: []].append(object)
        }
        return events
    }

    func stages(
        _ pipeline: String, csv: String, name: String, environment: [String: String]
    ) throws -> (common: [String], run: String) {
        let folder = try Support.runDirectory(name)
        try csv.write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let path = folder + "/pipeline.yaml"
        try pipeline.write(toFile: path, atomically: true, encoding: .utf8)
        return (["--pipeline", path, "--run", folder + "/run"], folder + "/run")
    }

    @Test(
        "finished once (with report.csv's counts), failed, paused and rejected_file once each, all signed; a second report sends nothing"
    )
    func news() async throws {
        let receiver = try NewsReceiver()
        let url = receiver.url
        let sandbox = try SandboxProcess(["--failure-rate", "0.1", "--send-rate", "100000"])
        var env = sandbox.environment
        env["CUBE_NOTIFY_SECRET"] = Self.secret

        // A run to the end.
        let (common, run) = try self.stages(
            Self.pipeline("good", url: url), csv: Support.recipientsCSV(count: 30), name: "notify-good", environment: env)
        #expect(try Executables.run("campaign-ingest", common + [run + "/../input.csv"], environment: env).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: env).status == 0)
        #expect(try Executables.run("campaign-submit", common, environment: env).status == 0)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        let again = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: env)
        #expect(again.status == 0)

        // A run that fails validation (65): every record rejected, none allowed.
        let (bad, _) = try self.stages(
            Self.pipeline("bad", url: url, extra: "reject_limit: 0"), csv: "first_name,mobile,order\nA,12,1\n",
            name: "notify-bad", environment: env)
        let badRun = bad[3]
        #expect(try Executables.run("campaign-ingest", bad + [badRun + "/../input.csv"], environment: env).status == 0)
        #expect(try Executables.run("campaign-validate", bad, environment: env).status == 65)

        // A run whose canary fails: paused (65), told once though report runs twice.
        let failing = try SandboxProcess(["--failure-rate", "0.9", "--send-rate", "100000"])
        var failingEnv = failing.environment
        failingEnv["CUBE_NOTIFY_SECRET"] = Self.secret
        let (paused, _) = try self.stages(
            Self.pipeline("paused", url: url, extra: "pace: {canary: 10, canary_wait: 1h}"),
            csv: Support.recipientsCSV(count: 60), name: "notify-paused", environment: failingEnv)
        let pausedRun = paused[3]
        #expect(
            try Executables.run("campaign-ingest", paused + [pausedRun + "/../input.csv"], environment: failingEnv).status == 0)
        #expect(try Executables.run("campaign-validate", paused, environment: failingEnv).status == 0)
        #expect(try Executables.run("campaign-submit", paused, environment: failingEnv).status == 0)
        #expect(try Executables.run("campaign-report", paused + ["--timeout", "60"], environment: failingEnv).status == 65)
        #expect(try Executables.run("campaign-report", paused + ["--timeout", "60"], environment: failingEnv).status == 65)

        // A file no pipeline takes, dropped into a watched inbox.
        let fixture = try InboxFixture("notify", pipelines: ["good.yaml": Self.pipeline("good", url: url)])
        try fixture.drop("nobody-wants-this.csv", "a,b\n1,2\n")
        let watched = try Executables.run(
            "campaign-inbox", ["--spool", fixture.spool, "--pipelines", fixture.pipelines, "--once", "--settle", "0.3"],
            environment: env)
        #expect(watched.status == 0, "\(watched.stderr)")
        #expect(FileManager.default.fileExists(atPath: fixture.spool + "/index.html"), "the inbox keeps its runs' page")

        let events = Self.events(receiver)
        #expect(events.keys.sorted() == ["inbox.rejected_file", "run.failed", "run.finished", "run.paused"], "\(events.keys)")
        #expect(events.values.allSatisfy { $0.count == 1 }, "\(events.mapValues(\.count))")
        #expect(
            receiver.received.allSatisfy { receiver.isValid($0, secret: Self.secret) }, "every body is signed with the secret")
        let finished = try #require(events["run.finished"]?.first)
        let rows = try Support.csvDictionaries(run + "/report.csv")
        let outcomes = Dictionary(grouping: rows, by: { $0["outcome"] ?? "" }).mapValues(\.count)
        #expect(finished["counts"] as? [String: Int] == outcomes, "\(finished)")
        #expect(finished["pipeline"] as? String == "good" && finished["run"] as? String == "run")
        #expect(events["run.failed"]?.first?["status"] as? Int == 65)
        #expect(events["inbox.rejected_file"]?.first?["file"] as? String == "nobody-wants-this.csv")
        let log = try String(contentsOfFile: run + "/notifications.ndjson", encoding: .utf8)
        #expect(!log.contains("/hooks"), "the URL is never kept whole: \(log)")
    }

    @Test("a receiver answering 500 and one never answering leave every exit code as it was")
    func deadReceivers() async throws {
        let refusing = try NewsReceiver(status: 500)
        let silent = try NewsReceiver(silent: true)
        let sandbox = try SandboxProcess(["--failure-rate", "0", "--send-rate", "100000"])
        var env = sandbox.environment
        env["CUBE_NOTIFY_SECRET"] = Self.secret
        let text = Self.pipeline(
            "dead", url: "",
            notify: """
                  - {url: "\(refusing.url)", format: slack, on: [finished, failed]}
                  - {url: "\(silent.url)", format: json, on: [finished, failed]}
                """)
        let (common, run) = try self.stages(
            text, csv: Support.recipientsCSV(count: 10), name: "notify-dead", environment: env)
        #expect(try Executables.run("campaign-ingest", common + [run + "/../input.csv"], environment: env).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: env).status == 0)
        #expect(try Executables.run("campaign-submit", common, environment: env).status == 0)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("could not tell http://127.0.0.1:"), "\(report.stderr)")
        let log = try String(contentsOfFile: run + "/notifications.ndjson", encoding: .utf8)
        #expect(log.components(separatedBy: "\"delivered\":false").count - 1 == 2, "\(log)")
        #expect(refusing.received.count >= 2, "the refusing receiver was tried again")
    }
}
