import CubeAPI
import Foundation
import PostgresTestSupport
import Testing
import RecipientIO

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
        try Support.pipeline(
            """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
            \(extra)
            """)
    }

    /// A sandbox, the environment for this store, a folder, and `count` recipients in `folder/input.csv`.
    func start(
        _ name: String, store: Store, recipients count: Int,
        sandbox arguments: [String] = []
    ) throws -> (SandboxProcess, [String: String], String, String) {
        let sandbox = try SandboxProcess(arguments)
        let environment = try self.environment(sandbox, store)
        let folder = try Support.runDirectory(name)
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: count).write(toFile: input, atomically: true, encoding: .utf8)
        return (sandbox, environment, folder, input)
    }

    /// Submit, let the sandbox's clock reach every start, report: a run's whole send.
    func sendAndReport(_ run: [String], sandbox: SandboxProcess, environment: [String: String]) async throws {
        let submitted = try Executables.run("campaign-submit", run, environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        try await Support.advanceToSchedules(sandbox)
        let report = try Executables.run("campaign-report", run + ["--timeout", "60"], environment: environment)
        #expect(report.status == 0, "\(report.stderr)")
    }

    /// An NDJSON artifact's lines as objects.
    static func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// A run directory of its own over the same recipients, ingested and validated.
    func prepare(_ name: String, pipeline: String, input: String, environment: [String: String]) throws -> [String] {
        // Run ids are folder names: each run its own.
        let run = try Support.runDirectory(name) + "/\(name)"
        let common = ["--pipeline", pipeline, "--run", run]
        let ingest = try Executables.run("campaign-ingest", common + [input], environment: environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common, environment: environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        return common
    }

    @Test(
        "a second run directory of the same recipients and template is refused naming the first; --allow-resend sends it",
        arguments: Store.allCases)
    func sentPreviously(store: Store) async throws {
        let (sandbox, environment, _, input) = try self.start("history-\(store)", store: store, recipients: 30)
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
        #expect(
            refused.stderr.contains("30 of this run's 30 recipients were already sent order_confirmation by run \(firstRun)"),
            "\(refused.stderr)")
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

    @Test("a history a newer release migrated is refused (78) before any create, naming both versions", arguments: Store.allCases)
    func newerHistory(store: Store) async throws {
        let (sandbox, environment, _, input) = try self.start("newer-\(store)", store: store, recipients: 20)
        let pipeline = try Self.pipeline("newer", extra: "batch_size: 10")
        let first = try self.prepare("newer-1", pipeline: pipeline, input: input, environment: environment)
        #expect(try Executables.run("campaign-submit", first, environment: environment).status == 0)
        #expect(try await Support.sandboxCampaigns(sandbox).count == 2)
        let second = try self.prepare("newer-2", pipeline: pipeline, input: input, environment: environment)
        // What a newer release's migration leaves: a row this release does not know.
        let future =
            "INSERT INTO schema_migrations (name, applied_at, release) VALUES ('9999-next-release', '2027-01-01T00:00:00Z', 'next')"
        let raised =
            switch store {
            case .sqlite: try Executables.runCommand("/usr/bin/sqlite3", [sandbox.stateDirectory + "/history.sqlite", future])
            case .postgres:
                try Executables.runCommand(
                    "/usr/bin/psql", [environment["CUBE_STATE_URL"] ?? "", "-v", "ON_ERROR_STOP=1", "-c", future])
            }
        #expect(raised.status == 0, "\(raised.stderr)")

        // Validate reads the opt-outs, submit the sends: both refuse before reading a row.
        let validate = try Executables.run("campaign-validate", second, environment: environment)
        #expect(validate.status == 78, "\(validate.stderr)")
        let refused = try Executables.run("campaign-submit", second + ["--allow-resend"], environment: environment)
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("is at version 3, this release knows up to 2"), "\(refused.stderr)")
        #expect(refused.stderr.contains("upgrade campaign-* on this machine"))
        #expect(try await Support.sandboxCampaigns(sandbox).count == 2, "nothing was created")
    }

    @Test(
        "a PostgreSQL password in any form of CUBE_STATE_URL is in no output and no file of the run",
        arguments: [
            "postgres://u:SECRET1@127.0.0.1:1/db?password=SECRET2&sslpassword=SECRET3",
            "host=127.0.0.1 port=1 user=u password='SECRET4 x' sslpassword=SECRET5 dbname=db",
        ])
    func passwordRedacted(url: String) async throws {
        let (sandbox, _, _, input) = try self.start("secret", store: .sqlite, recipients: 5)
        var environment = sandbox.environment
        environment["CUBE_STATE_URL"] = url
        let pipeline = try Self.pipeline("secret")
        let run = try Support.runDirectory("secret") + "/secret"
        let common = ["--pipeline", pipeline, "--run", run]
        #expect(try Executables.run("campaign-ingest", common + [input], environment: environment).status == 0)
        let validate = try Executables.run("campaign-validate", common, environment: environment)
        #expect(validate.status == 69, "\(validate.stderr)")
        let submit = try Executables.run("campaign-submit", common, environment: environment)
        #expect(submit.status != 0)
        var texts = [validate.stderr, validate.stdout, submit.stderr, submit.stdout]
        for name in try FileManager.default.contentsOfDirectory(atPath: run) {
            texts.append(
                String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: run + "/" + name))) ?? Data(), as: UTF8.self))
        }
        #expect(validate.stderr.contains("contact history"), "the history is named: \(validate.stderr)")
        for text in texts { #expect(!text.contains("SECRET"), "\(text.prefix(300))") }
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }

    @Test(
        "campaign-history: status counts what a send left; an opt-out added by hand suppresses, a removed one does not",
        arguments: Store.allCases)
    func historyTool(store: Store) async throws {
        let (sandbox, environment, _, input) = try self.start("tool-\(store)", store: store, recipients: 12)
        let pipeline = try Self.pipeline("tool", extra: "batch_size: 5")
        let first = try self.prepare("tool-1", pipeline: pipeline, input: input, environment: environment)
        #expect(try Executables.run("campaign-submit", first, environment: environment).status == 0)

        let status = try Executables.run("campaign-history", ["status", "--json"], environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: status.stdoutData) as? [String: Any])
        #expect(object["schema_version"] as? Int == 2)
        let rows = try #require(object["rows"] as? [String: Int])
        #expect(rows["campaigns"] == 3)
        #expect(rows["sends"] == 12)
        #expect(rows["opt_outs"] == 0)
        #expect((object["location"] as? String).map { !$0.isEmpty } == true)

        // The first recipient of the CSV opts out by phone; the team adds it by hand.
        let phone = "+966500000000"
        let added = try Executables.run(
            "campaign-history", ["opt-outs", "add", phone, "--reason", "asked by phone"], environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try Executables.run("campaign-history", ["opt-outs", "list", "--csv"], environment: environment)
        #expect(listed.stdout.hasPrefix("phone,reason,run,found_at"))
        #expect(listed.stdout.contains("\(phone),asked by phone,"))
        let second = try self.prepare("tool-2", pipeline: pipeline, input: input, environment: environment)
        let rejects = try Support.csvDictionaries(second[3] + "/rejects.csv")
        #expect(rejects.filter { $0["reason"] == "suppressed" }.map { $0["value"] } == [phone])

        let removed = try Executables.run(
            "campaign-history", ["opt-outs", "remove", phone, "--reason", "opted in again"],
            environment: environment)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stderr.contains("removed 1 opt-out(s)"))
        let third = try self.prepare("tool-3", pipeline: pipeline, input: input, environment: environment)
        #expect(try Support.csvDictionaries(third[3] + "/rejects.csv").filter { $0["reason"] == "suppressed" }.isEmpty)

        let bad = try Executables.run(
            "campaign-history", ["opt-outs", "add", "0501234567", "--reason", "x"], environment: environment)
        #expect(bad.status == 64)
        _ = sandbox
    }

    @Test(
        "recipients who stopped marketing messages (131050) are suppressed in the next run, naming the run that found them",
        arguments: Store.allCases)
    func automaticOptOuts(store: Store) async throws {
        let (sandbox, environment, _, input) = try self.start(
            "optouts-\(store)", store: store, recipients: 60, sandbox: ["--failure-rate", "1", "--send-rate", "10000"])
        let pipeline = try Self.pipeline("weekly", extra: "reject_limit: 100%")
        let first = try self.prepare("week-1", pipeline: pipeline, input: input, environment: environment)
        try await self.sendAndReport(first, sandbox: sandbox, environment: environment)
        let results = try String(contentsOfFile: first[3] + "/results.ndjson", encoding: .utf8)
        let stopped = results.split(separator: "\n").filter { $0.contains("131050") }.count
        #expect(stopped > 0, "the sandbox's failures include 131050")

        let second = try self.prepare("week-2", pipeline: pipeline, input: input, environment: environment)
        let rejects = try Support.csvDictionaries(second[3] + "/rejects.csv")
        let suppressed = rejects.filter { $0["reason"] == "suppressed" }
        #expect(suppressed.count == stopped)
        let firstRun = URL(fileURLWithPath: first[3]).lastPathComponent
        let messages = suppressed.map { $0["message"] ?? "" }
        #expect(
            messages.allSatisfy { $0.contains("131050") && $0.contains("found by run \(firstRun)") }, "\(messages.first ?? "")")
    }

    @Test(
        "two campaign-inbox watchers on two spools sharing one store, the same file dropped into both: created once",
        arguments: Store.allCases)
    func twoWatchers(store: Store) async throws {
        let sandbox = try SandboxProcess()
        let environment = try self.environment(sandbox, store)
        let pipelines = ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])]
        let spools = [
            try InboxFixture("machine-a-\(store)", pipelines: pipelines),
            try InboxFixture("machine-b-\(store)", pipelines: pipelines),
        ]
        let content = Support.recipientsCSV(count: 25)
        for spool in spools { try spool.drop("offers-nightly.csv", content) }
        let watchers = try spools.map {
            try WatcherProcess(
                spool: $0.spool, pipelines: $0.pipelines, environment: environment,
                arguments: ["--once", "--settle", "0.2"])
        }
        let statuses = watchers.map { $0.wait(patience: 120) }
        #expect(statuses == [0, 0], "\(watchers.map(\.output))")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }
        #expect(phones.count == 25 && Set(phones).count == 25, "no phone is in two campaigns")
        let outcomes = spools.map {
            ($0.names($0.done).contains("offers-nightly.csv"), $0.names($0.failed).contains("offers-nightly.csv.error.txt"))
        }
        #expect(outcomes.filter { $0.0 }.count == 1 && outcomes.filter { $0.1 }.count == 1, "\(outcomes)")
        if let loser = spools.first(where: { $0.names($0.failed).contains("offers-nightly.csv.error.txt") }) {
            let note = try String(contentsOfFile: loser.failed + "/offers-nightly.csv.error.txt", encoding: .utf8)
            #expect(note.contains("the same content was already taken for pipeline offers"), "\(note)")
        }
    }

    @Test(
        "frequency caps reject who was messaged enough, naming the earlier run; they do not count against reject_limit",
        arguments: Store.allCases)
    func frequencyCaps(store: Store) async throws {
        let sandbox = try SandboxProcess()
        let environment = try self.environment(sandbox, store)
        let folder = try Support.runDirectory("caps-\(store)")
        let first = folder + "/first.csv"
        try Support.recipientsCSV(count: 30).write(toFile: first, atomically: true, encoding: .utf8)
        let caps = "frequency_cap: {same_template: 1/7d, any_template: 2/24h}\nreject_limit: 0"
        let pipeline = try Self.pipeline("weekly", extra: caps)
        let week1 = try self.prepare("caps-1", pipeline: pipeline, input: first, environment: environment)
        #expect(try Executables.run("campaign-submit", week1, environment: environment).status == 0)

        // 20 of the same people and 10 new ones, a day later by the calendar of the cap.
        let second = folder + "/second.csv"
        try Support.recipientsCSV(count: 30, first: 10).write(toFile: second, atomically: true, encoding: .utf8)
        let week2 = try self.prepare("caps-2", pipeline: pipeline, input: second, environment: environment)
        let rejects = try Support.csvDictionaries(week2[3] + "/rejects.csv")
        let capped = rejects.filter { $0["reason"] == "frequency_cap" }
        #expect(capped.count == 20, "\(rejects.prefix(2))")
        let firstRun = URL(fileURLWithPath: week1[3]).lastPathComponent
        #expect(
            capped.allSatisfy { ($0["message"] ?? "").contains("messaged once with order_confirmation") },
            "\(capped.first ?? [:])")
        #expect(capped.allSatisfy { ($0["message"] ?? "").contains("last by run \(firstRun)") }, "\(capped.first ?? [:])")
        #expect(Set(capped.compactMap { $0["value"] }) == Set((10..<30).map { "+9665\(String(format: "%08d", $0))" }))
        let recipients = try String(contentsOfFile: week2[3] + "/recipients.ndjson", encoding: .utf8).split(separator: "\n")
        #expect(recipients.count == 10)

        // Another template: the same-template cap does not apply; twice in 24 hours on the account does.
        let other = try Support.pipeline(
            """
            name: reminders
            account: sandbox-account
            template: {name: offer_reminder, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order}}
            schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
            frequency_cap: {any_template: 2/24h}
            reject_limit: 0
            """)
        #expect(try Executables.run("campaign-submit", week2, environment: environment).status == 0)
        let third = folder + "/third.csv"
        try Support.recipientsCSV(count: 40).write(toFile: third, atomically: true, encoding: .utf8)
        let reminder = try self.prepare("reminder-1", pipeline: other, input: third, environment: environment)
        let reminderRejects = try Support.csvDictionaries(reminder[3] + "/rejects.csv")
        // 0..<30 were messaged by the first run, 30..<40 by the second: once each.
        #expect(reminderRejects.isEmpty, "each person had one message in 24 hours, the cap is two")
        #expect(try Executables.run("campaign-submit", reminder, environment: environment).status == 0)
        let again = try self.prepare("reminder-2", pipeline: other, input: third, environment: environment)
        let againRejects = try Support.csvDictionaries(again[3] + "/rejects.csv")
        #expect(againRejects.count == 40 && againRejects.allSatisfy { $0["reason"] == "frequency_cap" })
        #expect(
            againRejects.allSatisfy { ($0["message"] ?? "").contains("messaged twice on account sandbox-account") },
            "\(againRejects.first ?? [:])")
    }
    @Test(
        "a retry run holds exactly the first run's transient failures that are due, none it sent; a second retry holds none",
        arguments: Store.allCases)
    func retryOfTransientFailures(store: Store) async throws {
        let (sandbox, environment, _, input) = try self.start(
            "retry-\(store)", store: store, recipients: 120, sandbox: ["--failure-rate", "0.6", "--send-rate", "10000"])
        let pipeline = try Self.pipeline("retried", extra: "batch_size: 50")
        let first = try self.prepare("retry-1", pipeline: pipeline, input: input, environment: environment)
        try await self.sendAndReport(first, sandbox: sandbox, environment: environment)
        let results = try Self.lines(first[3] + "/results.ndjson")
        func phone(_ line: [String: Any]) -> String { "+" + ((line["phone"] as? String) ?? "").filter(\.isNumber) }
        let due = Set(
            results.filter { line in
                line["status"] as? String == "failed"
                    && MessageFailure.classify(line["error_message"] as? String ?? "").map {
                        $0.kind == .transient && $0.retryAfter == 0
                    } == true
            }.map(phone))
        let sent = Set(results.filter { $0["status"] as? String == "sent" }.map(phone))
        let capped = results.filter { ($0["error_message"] as? String ?? "").contains("131049") }.count
        #expect(!due.isEmpty && !sent.isEmpty && capped > 0, "the sandbox's failures hold every kind")

        let retry = try Support.runDirectory("retry-2-\(store)") + "/retry-2"
        let common = ["--pipeline", pipeline, "--run", retry]
        let ingest = try Executables.run("campaign-ingest", common + ["--retry-of", first[3]], environment: environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("retrying \(due.count) records"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("\(capped) waiting for the marketing cap until"), "\(ingest.stdout)")
        #expect(try Executables.run("campaign-validate", common, environment: environment).status == 0)
        let recipients = try Self.lines(retry + "/recipients.ndjson")
        let phones = Set(recipients.compactMap { $0["phone"] as? String })
        #expect(phones == due)
        #expect(phones.isDisjoint(with: sent))
        // Each keeps its place in the original input, for the report.
        #expect(recipients.allSatisfy { $0["source"] as? String == input })
        let submitted = try Executables.run("campaign-submit", common, environment: environment)
        #expect(submitted.status == 0, "the first run's failed sends do not make this a resend: \(submitted.stderr)")
        let byCampaign = try await Support.sandboxPhones(sandbox)
        let retried = byCampaign.values.first { $0.count == due.count } ?? []
        #expect(Set(retried.map { "+" + $0.filter(\.isNumber) }) == due)
        try await Support.advanceToSchedules(sandbox)
        let reported = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: environment)
        #expect(reported.status == 0, "\(reported.stderr)")
        let rows = try Support.csvDictionaries(retry + "/report.csv")
        // Every retried record once, by its place in the first run's input.
        let firstRows = try Support.csvDictionaries(first[3] + "/report.csv")
        let places = Dictionary(firstRows.map { ($0["record"] ?? "", $0["line"] ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(rows.count == due.count)
        #expect(rows.allSatisfy { places[$0["record"] ?? ""] == $0["line"] && $0["outcome"] != "rejected" }, "\(rows.prefix(2))")

        // The same retry again, into another directory: nobody twice (the retry's own failures are the retry's to retry).
        let again = try Support.runDirectory("retry-3-\(store)") + "/retry-3"
        let twice = try Executables.run(
            "campaign-ingest", ["--pipeline", pipeline, "--run", again, "--retry-of", first[3]],
            environment: environment)
        #expect(twice.status == 65, "\(twice.stdout) \(twice.stderr)")
        #expect(twice.stderr.contains("\(due.count) tried again since by another run"), "\(twice.stderr)")
    }
    @Test(
        "auto-pause: once more than max_failure_rate of the finished recipients failed, report cancels the parts not started and exits 65",
        arguments: Store.allCases)
    func autoPause(store: Store) async throws {
        let (sandbox, environment, folder, input) = try self.start(
            "pause-\(store)", store: store, recipients: 1_500,
            sandbox: ["--account", "tier1:1", "--failure-rate", "0.5", "--send-rate", "10000"])
        // A zone where it is midday now: 1,000 go at once (the tier), 500 are scheduled for tomorrow's window.
        let zone = Support.zone(localHour: 12)
        let pipeline = try Support.pipeline(
            """
            name: paused
            account: tier1
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            schedule: {timezone: \(zone.name), window: "09:00-21:00"}
            max_failure_rate: 20%
            """)
        let run = try self.prepare("pause-1", pipeline: pipeline, input: input, environment: environment)
        #expect(try Executables.run("campaign-submit", run, environment: environment).status == 0)
        let before = try await Support.sandboxCampaigns(sandbox)
        #expect(before.map(\.recipientCount) == [1_000, 500])
        #expect(before[0].scheduledAt == nil && before[1].scheduledAt != nil)

        let report = try Executables.run("campaign-report", run + ["--timeout", "60"], environment: environment)
        #expect(report.status == 65, "\(report.stderr)")
        #expect(report.stderr.contains("auto-paused"), "\(report.stderr)")
        #expect(report.stderr.contains("over max_failure_rate 20%"))
        #expect(report.stderr.contains("(500 recipients), which had not started"), "\(report.stderr)")
        let after = try await Support.sandboxCampaigns(sandbox)
        #expect(after.map(\.status) == [.completed, .cancelled])
        // A later report of the run says the same, and judges nothing again.
        let rereport = try Executables.run("campaign-report", run + ["--timeout", "60"], environment: environment)
        #expect(
            rereport.status == 65 && rereport.stderr.contains("(500 recipients), which had not started"), "\(rereport.stderr)")
        let rows = try Support.csvRows(run[3] + "/report.csv")
        #expect(rows.count == 1_500)
        #expect(rows.filter { $0.fields[5].value == "cancelled" }.count == 500)

        // Who was in the cancelled part was never messaged: a run of just them is no resend.
        let rest = folder + "/rest.csv"
        try Support.recipientsCSV(count: 500, first: 1_000).write(toFile: rest, atomically: true, encoding: .utf8)
        let again = try self.prepare("pause-2", pipeline: pipeline, input: rest, environment: environment)
        let submitted = try Executables.run("campaign-submit", again, environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
    }
}
