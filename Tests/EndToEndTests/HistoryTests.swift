import Foundation
import PostgresTestSupport
import Testing

/// Across runs, against a real sandbox, with the contact history in SQLite
/// (the default) and in a real PostgreSQL server: a second run directory of
/// the same recipients and template is refused, and sent with --allow-resend;
/// the first run's own rerun is unaffected.
@Suite("End to end: the contact history across runs")
struct HistoryTests {
    enum Store: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    func environment(_ sandbox: SandboxProcess, _ store: Store) throws -> [String: String] {
        var environment = sandbox.environment
        if store == .postgres { environment["CUBE_STATE_URL"] = try PostgresServer.shared.get().freshDatabase() }
        return environment
    }

    static func pipeline(_ name: String, extra: String = "") throws -> String {
        try Support.pipeline("""
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
            \(extra)
            """)
    }

    /// A run directory of its own over the same recipients, ingested and validated.
    func prepare(_ name: String, pipeline: String, input: String, environment: [String: String]) throws -> [String] {
        // Run ids are folder names: each run its own.
        let run = try Support.runDirectory(name) + "/\(name)"
        let common = ["--pipeline", pipeline, "--run", run]
        #expect(try Executables.run("campaign-ingest", common + [input], environment: environment).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: environment).status == 0)
        return common
    }

    @Test("a second run directory of the same recipients and template is refused naming the first; --allow-resend sends it",
          arguments: Store.allCases)
    func sentPreviously(store: Store) async throws {
        let sandbox = try SandboxProcess()
        let environment = try self.environment(sandbox, store)
        let folder = try Support.runDirectory("history-\(store)")
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: 30).write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try Self.pipeline("nightly", extra: "batch_size: 10")
        let first = try self.prepare("night-1", pipeline: pipeline, input: input, environment: environment)
        let sent = try Executables.run("campaign-submit", first, environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)

        // The same run again: its journal decides, nothing new, no refusal.
        #expect(try Executables.run("campaign-submit", first, environment: environment).status == 0)

        // Another folder of the same name (a job that reuses runs/nightly): another run all the same.
        let second = try self.prepare("night-1", pipeline: pipeline, input: input, environment: environment)
        #expect(second[3] != first[3])
        let refused = try Executables.run("campaign-submit", second, environment: environment)
        #expect(refused.status == 65, "\(refused.stderr)")
        let firstRun = URL(fileURLWithPath: first[3]).lastPathComponent
        #expect(refused.stderr.contains("30 of this run's 30 recipients were already sent order_confirmation by run \(firstRun)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-resend"))
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3, "nothing was created by the refused run")
        try await Support.expectEachPhoneOnce(sandbox, run: first[3])

        // A resend on purpose. (In a folder of the first's name the API would answer the first's
        // campaigns again: the idempotency keys hold the run's name.)
        let third = try self.prepare("night-1-again", pipeline: pipeline, input: input, environment: environment)
        #expect(try Executables.run("campaign-submit", third, environment: environment).status == 65)
        let resent = try Executables.run("campaign-submit", third + ["--allow-resend"], environment: environment)
        #expect(resent.status == 0, "\(resent.stderr)")
        let campaigns = try await Support.sandboxPhones(sandbox)
        #expect(campaigns.count == 6)
        let times = Dictionary(campaigns.values.flatMap { $0 }.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(times.count == 30)
        #expect(times.values.allSatisfy { $0 == 2 }, "each phone once per run: the second on purpose")
    }

    @Test("recipients who stopped marketing messages (131050) are suppressed in the next run, naming the run that found them",
          arguments: Store.allCases)
    func automaticOptOuts(store: Store) async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "1", "--send-rate", "10000"])
        let environment = try self.environment(sandbox, store)
        let folder = try Support.runDirectory("optouts-\(store)")
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: 60).write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try Self.pipeline("weekly", extra: "reject_limit: 100%")
        let first = try self.prepare("week-1", pipeline: pipeline, input: input, environment: environment)
        #expect(try Executables.run("campaign-submit", first, environment: environment).status == 0)
        try await Support.advanceToSchedules(sandbox)
        let report = try Executables.run("campaign-report", first + ["--timeout", "60"], environment: environment)
        #expect(report.status == 0, "\(report.stderr)")
        let results = try String(contentsOfFile: first[3] + "/results.ndjson", encoding: .utf8)
        let stopped = results.split(separator: "\n").filter { $0.contains("131050") }.count
        #expect(stopped > 0, "the sandbox's failures include 131050")

        let second = try self.prepare("week-2", pipeline: pipeline, input: input, environment: environment)
        let rejects = try Support.csvRows(second[3] + "/rejects.csv").map { row in
            Dictionary(row.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        let suppressed = rejects.filter { $0["reason"] == "suppressed" }
        #expect(suppressed.count == stopped)
        let firstRun = URL(fileURLWithPath: first[3]).lastPathComponent
        let messages = suppressed.map { $0["message"] ?? "" }
        #expect(messages.allSatisfy { $0.contains("131050") && $0.contains("found by run \(firstRun)") }, "\(messages.first ?? "")")
    }

    @Test("two campaign-inbox watchers on two spools sharing one store, the same file dropped into both: created once",
          arguments: Store.allCases)
    func twoWatchers(store: Store) async throws {
        let sandbox = try SandboxProcess()
        let environment = try self.environment(sandbox, store)
        let pipelines = ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])]
        let spools = [try InboxFixture("machine-a-\(store)", pipelines: pipelines), try InboxFixture("machine-b-\(store)", pipelines: pipelines)]
        let content = Support.recipientsCSV(count: 25)
        for spool in spools { try spool.drop("offers-nightly.csv", content) }
        let watchers = try spools.map { try WatcherProcess(spool: $0.spool, pipelines: $0.pipelines, environment: environment,
                                                           arguments: ["--once", "--settle", "0.2"]) }
        let statuses = watchers.map { $0.wait(patience: 120) }
        #expect(statuses == [0, 0], "\(watchers.map(\.output))")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }
        #expect(phones.count == 25 && Set(phones).count == 25, "no phone is in two campaigns")
        let outcomes = spools.map { ($0.names($0.done).contains("offers-nightly.csv"), $0.names($0.failed).contains("offers-nightly.csv.error.txt")) }
        #expect(outcomes.filter { $0.0 }.count == 1 && outcomes.filter { $0.1 }.count == 1, "\(outcomes)")
        if let loser = spools.first(where: { $0.names($0.failed).contains("offers-nightly.csv.error.txt") }) {
            let note = try String(contentsOfFile: loser.failed + "/offers-nightly.csv.error.txt", encoding: .utf8)
            #expect(note.contains("the same content was already taken for pipeline offers"), "\(note)")
        }
    }
}

