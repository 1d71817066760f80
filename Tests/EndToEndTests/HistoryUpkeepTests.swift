import CubeAPI
import Foundation
import Testing

/// Looking after the contact history for years, end to end on SQLite and PostgreSQL: retention
/// (report prunes what it no longer keeps; `prune` by hand), erasure on request (`forget`), and
/// moving it (`copy`). Opt-outs survive all of them and still suppress.
@Suite("End to end: the contact history kept for years")
struct HistoryUpkeepTests {
    typealias Store = HistoryTests.Store

    static func suppressed(_ run: [String]) throws -> [String] {
        try Support.csvDictionaries(run[3] + "/rejects.csv").filter { $0["reason"] == "suppressed" }.compactMap { $0["value"] }
            .sorted()
    }

    func sendAndReport(_ run: [String], sandbox: SandboxProcess, history: TestHistory) async throws -> Executables.Result {
        let submitted = try Executables.run("campaign-submit", run, environment: history.environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        try await Support.advanceToSchedules(sandbox)
        let report = try Executables.run("campaign-report", run + ["--timeout", "60"], environment: history.environment)
        #expect(report.status == 0, "\(report.stderr)")
        return report
    }

    @Test(
        "retention: report prunes sends older than the history keeps after recording its own; prune --older-than 0d removes every send; opt-outs stay and suppress",
        arguments: Store.allCases)
    func retention(store: Store) async throws {
        // Nobody fails: the only opt-out is the one added by hand.
        let sandbox = try SandboxProcess(["--failure-rate", "0"])
        let history = try TestHistory(store, sandbox: sandbox)
        let folder = try Support.runDirectory("retention-\(store)")
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: 30).write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try HistoryTests.pipeline("kept", extra: "batch_size: 10")

        let first = try history.prepare("kept-1", pipeline: pipeline, input: input)
        _ = try await self.sendAndReport(first, sandbox: sandbox, history: history)
        let phone = "+966500000007"
        #expect(
            try Executables.run(
                "campaign-history", ["opt-outs", "add", phone, "--reason", "asked by phone"], environment: history.environment
            ).status == 0)
        let set = try Executables.run("campaign-history", ["retention", "--keep-sends", "30d"], environment: history.environment)
        #expect(set.status == 0 && set.stdout.contains("keep sends: 30d"), "\(set.stderr)")
        // The first run went out long ago.
        try history.sql("UPDATE sends SET starts_at = '2026-01-01T09:00:00Z'")
        try history.sql("UPDATE campaigns SET starts_at = '2026-01-01T09:00:00Z'")

        let second = try history.prepare("kept-2", pipeline: pipeline, input: input)
        #expect(try Self.suppressed(second) == [phone])
        let report = try await self.sendAndReport(second, sandbox: sandbox, history: history)
        #expect(report.stderr.contains("removed 30 send(s) in 3 campaign(s) older than 30 days"), "\(report.stderr)")
        var rows = try #require(try history.status()["rows"] as? [String: Int])
        #expect(
            rows["sends"] == 29 && rows["campaigns"] == 3 && rows["opt_outs"] == 1,
            "only the second run's sends are left: \(rows)")

        // A cap longer than the history keeps sends would count too few: refused at load.
        let capped = try HistoryTests.pipeline("kept", extra: "batch_size: 10\nfrequency_cap: {any_template: 3/60d}")
        let run = try Support.runDirectory("kept-capped") + "/kept-capped"
        #expect(
            try Executables.run("campaign-ingest", ["--pipeline", capped, "--run", run, input], environment: history.environment)
                .status == 0)
        let refused = try Executables.run(
            "campaign-validate", ["--pipeline", capped, "--run", run], environment: history.environment)
        #expect(
            refused.status == 78 && refused.stderr.contains("60 days") && refused.stderr.contains("30 days"), "\(refused.stderr)")

        let dry = try Executables.run(
            "campaign-history", ["prune", "--older-than", "0d", "--dry-run"], environment: history.environment)
        #expect(dry.status == 0 && dry.stdout.contains("would remove 29 send(s)"), "\(dry.stdout) \(dry.stderr)")
        let pruned = try Executables.run("campaign-history", ["prune", "--older-than", "0d"], environment: history.environment)
        #expect(
            pruned.status == 0 && pruned.stdout.contains("removed 29 send(s) in 3 campaign(s)"),
            "\(pruned.stdout) \(pruned.stderr)")
        rows = try #require(try history.status()["rows"] as? [String: Int])
        #expect(rows["sends"] == 0 && rows["campaigns"] == 0 && rows["opt_outs"] == 1, "\(rows)")

        // Minutes after the second run, the same export is no longer "sent previously"; the opt-out still holds.
        let third = try history.prepare("kept-3", pipeline: pipeline, input: input)
        #expect(try Self.suppressed(third) == [phone])
        let submit = try Executables.run("campaign-submit", third, environment: history.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
    }

    @Test(
        "forget: the phones' digits are in no file of the history (nor in a PostgreSQL dump); a forgotten opt-out still suppresses, another forgotten phone only with --suppress",
        arguments: Store.allCases)
    func forget(store: Store) async throws {
        let sandbox = try SandboxProcess()
        let history = try TestHistory(store, sandbox: sandbox)
        try history.loadPreviousRelease()
        // The new binaries open it first (on SQLite, taking a copy of it as it was).
        _ = try history.status()
        let optedOut = try #require(try history.sql("SELECT phone FROM opt_outs ORDER BY phone").first)
        let delivered = try history.sql("SELECT phone FROM sends WHERE status = 'sent' ORDER BY phone")
        let (plain, kept, other) = (delivered[0], delivered[1], delivered[2])
        let optOuts = try history.count("opt_outs")

        let forgot = try Executables.run("campaign-history", ["forget", optedOut, plain], environment: history.environment)
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stderr.contains("1 opt-out(s) and 0 other(s) kept suppressed"), "\(forgot.stderr)")
        if store == .sqlite {
            #expect(forgot.stderr.contains("history.sqlite.before-1"), "the copy before migrating is removed and named")
        }
        let suppressed = try Executables.run(
            "campaign-history", ["forget", kept, "--suppress"], environment: history.environment)
        #expect(
            suppressed.status == 0 && suppressed.stderr.contains("0 opt-out(s) and 1 other(s) kept suppressed"),
            "\(suppressed.stderr)")

        for (name, data) in try history.everyByte() {
            for phone in [optedOut, plain, kept] {
                #expect(data.range(of: Data(phone.dropFirst().utf8)) == nil, "\(phone)'s digits are in \(name)")
            }
        }
        #expect(
            try history.everyByte().contains { $0.data.range(of: Data(other.dropFirst().utf8)) != nil },
            "a phone not forgotten is still found")

        let run = try history.prepare("after-forget", pipeline: try HistoryUpgradeTests.pipeline())
        let rejected = try Self.suppressed(run)
        let e164 = { (raw: String) in "+" + raw.filter(\.isNumber) }
        #expect(rejected.map(e164).contains(optedOut), "a forgotten opt-out is still suppressed")
        #expect(rejected.map(e164).contains(kept), "forgotten with --suppress: kept out")
        #expect(!rejected.map(e164).contains(plain), "forgotten without --suppress: may be messaged again")
        #expect(rejected.count == optOuts + 1)
        let messages = try Support.csvDictionaries(run[3] + "/rejects.csv").filter { e164($0["value"] ?? "") == optedOut }.map {
            $0["message"] ?? ""
        }
        #expect(messages.first?.contains("kept as a keyed hash") == true, "\(messages)")
    }

    @Test(
        "copy: a SQLite history with opt-outs, sends and an inbox hold moves to PostgreSQL; the counts match and runs against the copy behave as against it"
    )
    func copyToPostgres() async throws {
        // Nobody fails: the only opt-out is the one added by hand.
        let sandbox = try SandboxProcess(["--failure-rate", "0"])
        let original = try TestHistory(.sqlite, sandbox: sandbox)
        let spool = try InboxFixture("copy", pipelines: ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])])
        let content = Support.recipientsCSV(count: 25)
        try spool.drop("offers-nightly.csv", content)
        let watcher = try WatcherProcess(
            spool: spool.spool, pipelines: spool.pipelines, environment: original.environment,
            arguments: ["--once", "--settle", "0.2"])
        #expect(watcher.wait(patience: 120) == 0, "\(watcher.output)")
        let phone = "+966500000003"
        #expect(
            try Executables.run(
                "campaign-history", ["opt-outs", "add", phone, "--reason", "asked by phone"], environment: original.environment
            ).status == 0)
        #expect(
            try Executables.run("campaign-history", ["retention", "--keep-sends", "200d"], environment: original.environment)
                .status == 0)
        let before = try #require(try original.status()["rows"] as? [String: Int])
        #expect(before["sends"] == 25 && before["opt_outs"] == 1 && before["inbox_holds"] == 1, "\(before)")

        let target = try TestHistory(.postgres, sandbox: sandbox)
        let copied = try Executables.run("campaign-history", ["copy", "--to", target.url], environment: original.environment)
        #expect(copied.status == 0 && copied.stderr.contains("the counts match"), "\(copied.stderr)")
        let after = try #require(try target.status()["rows"] as? [String: Int])
        #expect(after == before)
        let retention = try Executables.run("campaign-history", ["retention"], environment: target.environment)
        #expect(retention.stdout.contains("keep sends: 200d"), "the history's own settings travel with it")
        let again = try Executables.run("campaign-history", ["copy", "--to", target.url], environment: original.environment)
        #expect(again.status == 78 && again.stderr.contains("empty"), "a copy goes only into an empty history: \(again.stderr)")

        // Against the copy: the same file dropped again is refused as taken, and the opt-out suppresses.
        try spool.drop("offers-nightly.csv", content)
        let second = try WatcherProcess(
            spool: spool.spool, pipelines: spool.pipelines, environment: target.environment,
            arguments: ["--once", "--settle", "0.2"])
        _ = second.wait(patience: 120)
        #expect(spool.names(spool.failed).contains("offers-nightly.csv.error.txt"), "\(second.output)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3, "nothing was sent again")
        let input = try Support.runDirectory("copy-input") + "/input.csv"
        try content.write(toFile: input, atomically: true, encoding: .utf8)
        let run = try target.prepare("against-copy", pipeline: try HistoryTests.pipeline("other"), input: input)
        #expect(try Self.suppressed(run).map { "+" + $0.filter(\.isNumber) } == [phone])
    }
}
