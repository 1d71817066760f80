import Foundation
import PostgresTestSupport
import Testing

/// Finding #28.9: the PostgreSQL history dying mid-run, on a server of the test's own that it stops
/// with `pg_ctl stop -m immediate` (a crash, not a polite shutdown). Submit stops before its next
/// create with 75 and the journal intact; once the server is back, the same command records what
/// was sent and sends the rest: every phone in exactly one campaign by the sandbox's own record,
/// the run never refused as "sent previously" by its own earlier parts, the report complete.
@Suite("End to end: the contact history's database dying mid-run")
struct DatabaseDyingTests {
    @Test(
        "PostgreSQL stopped between two creates of a 10-part submit: 75 before the next create; after a restart the rerun finishes, nobody twice"
    )
    func stoppedBetweenCreates() async throws {
        let (server, sandbox, environment) = try Self.start()
        let folder = try Support.runDirectory("dying")
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: 100).write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try HistoryTests.pipeline("dying", extra: "batch_size: 10")
        let run = folder + "/dying"
        let common = ["--pipeline", pipeline, "--run", run]
        #expect(try Executables.run("campaign-ingest", common + [input], environment: environment).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: environment).status == 0)

        let submit = try Executables.start("campaign-submit", common, environment: environment)
        // A watcher process of its own (not the test's threads, which a loaded machine may not schedule for
        // seconds) waits for the journal's third created part (each create takes a second), freezes the
        // submit, stops the server, and lets the submit go on: the stop lands between two creates.
        let pid = submit.process.processIdentifier
        let watcher = """
            for _ in $(seq 1 2400); do
              [ "$(grep -c '"event":"created"' '\(run)/journal.ndjson' 2>/dev/null)" -ge 3 ] && break; sleep 0.05
            done
            kill -STOP \(pid); \(server.immediateStopCommand); status=$?; kill -CONT \(pid); exit $status
            """
        let crashed = try Executables.runCommand("/bin/bash", ["-c", watcher])
        #expect(crashed.status == 0, "\(crashed.stderr)")
        #expect(Self.created(run) >= 3, "three parts were created before the server died")
        let stopped = submit.finish()
        #expect(stopped.status == 75, "\(stopped.stderr)")
        #expect(
            stopped.stderr.contains("contact history") && stopped.stderr.contains("stopped before the next create"),
            "\(stopped.stderr)")
        let createdWhileDown = try await Support.sandboxCampaigns(sandbox).count
        #expect(createdWhileDown < 10, "the run stopped instead of sending on")

        try server.start()
        let rerun = try Executables.run("campaign-submit", common, environment: environment)
        #expect(rerun.status == 0, "not refused as sent previously by its own earlier parts: \(rerun.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 10)
        try await Support.expectEachPhoneOnce(sandbox, run: run)
        let sends = try Executables.runCommand(
            "/usr/bin/psql",
            [
                environment["CUBE_STATE_URL"] ?? "", "-At", "-c",
                "SELECT COUNT(*), COUNT(DISTINCT campaign_id) FROM sends",
            ])
        #expect(
            sends.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "100|10",
            "the history holds every part: \(sends.stdout) \(sends.stderr)")

        // Report with the server down still accounts for the run; the next report records the outcomes.
        try await Support.advanceToSchedules(sandbox)
        try await Support.advanceClock(sandbox, seconds: 600)
        try server.stopImmediately()
        let blind = try Executables.run("campaign-report", common + ["--timeout", "120"], environment: environment)
        #expect(blind.status == 0, "\(blind.stderr)")
        #expect(try Support.csvDictionaries(run + "/report.csv").count == 100)
        try server.start()
        let report = try Executables.run("campaign-report", common + ["--timeout", "120"], environment: environment)
        #expect(report.status == 0, "\(report.stderr)")
        let outcomes = try Executables.runCommand(
            "/usr/bin/psql",
            [
                environment["CUBE_STATE_URL"] ?? "", "-At", "-c",
                "SELECT COUNT(*) FROM sends WHERE status = 'sent'",
            ])
        #expect(outcomes.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "100", "\(outcomes.stdout) \(outcomes.stderr)")
        try server.stopImmediately()
    }

    @Test(
        "PostgreSQL stopped while a watcher submits: the run is left for later, nothing more is created; with the server back the next pass finishes it, nobody twice"
    )
    func stoppedUnderWatcher() async throws {
        let (server, sandbox, environment) = try Self.start()
        let fixture = try InboxFixture(
            "dying-watcher", pipelines: ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])])
        try fixture.drop("offers-1.csv", Support.recipientsCSV(count: 100))
        let arguments = ["--once", "--settle", "0.2", "--report-timeout", "120"]
        let watcher = try WatcherProcess(
            spool: fixture.spool, pipelines: fixture.pipelines, environment: environment, arguments: arguments)
        // As for submit: a script of its own freezes the watcher after its run's third create and stops the server.
        let freeze = """
            for _ in $(seq 1 2400); do
              [ "$(cat '\(fixture.spool)'/runs/*/journal.ndjson 2>/dev/null | grep -c '"event":"created"')" -ge 3 ] && break; sleep 0.05
            done
            kill -STOP \(watcher.process.processIdentifier); \(server.immediateStopCommand); status=$?
            kill -CONT \(watcher.process.processIdentifier); exit $status
            """
        let crashed = try Executables.runCommand("/bin/bash", ["-c", freeze])
        #expect(crashed.status == 0, "\(crashed.stderr)")
        _ = watcher.wait(patience: 300)
        let createdWhileDown = fixture.createdCount()
        #expect(
            createdWhileDown >= 3 && createdWhileDown < 10, "the run stopped instead of sending on: \(createdWhileDown) created")
        #expect(!fixture.names(fixture.done).contains("offers-1.csv"), "not finished while the history was down")

        try server.start()
        let again = try WatcherProcess(
            spool: fixture.spool, pipelines: fixture.pipelines, environment: environment, arguments: arguments)
        #expect(again.wait(patience: 300) == 0, "\(again.output)")
        #expect(fixture.names(fixture.done).contains("offers-1.csv"), "\(again.output)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 10)
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }
        #expect(phones.count == 100 && Set(phones).count == 100, "no phone is in two campaigns")
        try server.stopImmediately()
    }

    /// A PostgreSQL server of the test's own, and a sandbox that answers every request a second late,
    /// so the server can be stopped between two creates; the environment points the stages at both.
    static func start() throws -> (PostgresServer, SandboxProcess, [String: String]) {
        let server = try PostgresServer.dedicated()
        let sandbox = try SandboxProcess([
            "--faults", "slow", "--fault-rate", "1", "--fault-delay", "10", "--failure-rate", "0", "--send-rate", "1000",
        ])
        var environment = sandbox.environment
        environment["CUBE_STATE_URL"] = try server.freshDatabase()
        return (server, sandbox, environment)
    }

    /// Parts the run's journal holds as created.
    static func created(_ run: String) -> Int {
        let journal = (try? String(contentsOfFile: run + "/journal.ndjson", encoding: .utf8)) ?? ""
        return journal.split(separator: "\n").filter { $0.contains("\"event\":\"created\"") }.count
    }
}
