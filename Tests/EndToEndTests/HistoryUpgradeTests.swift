import CubeAPI
import Foundation
import Testing

/// Upgrades are tested like sends: a contact history written by the previous release's binaries
/// (`Fixtures/previous-release-history`, made by `scripts/make-history-fixture.sh` with 2a10c1e's
/// release binaries: 200 recipients, half failed, 131050 among them) is used by these binaries on
/// SQLite and PostgreSQL. Its opt-outs still suppress, its sends still cap and still refuse a
/// same-template resend, and two processes starting on it at once migrate it once.
@Suite("End to end: a contact history of the previous release")
struct HistoryUpgradeTests {
    typealias Store = HistoryTests.Store

    /// The fixture's pipeline, with more lines, in a folder of its own.
    static func pipeline(extra: String = "") throws -> String {
        let text = try String(contentsOfFile: TestHistory.previousRelease + "/pipeline.yaml", encoding: .utf8)
        return try Support.pipeline(text + extra)
    }

    @Test(
        "the previous release's history: its opt-outs suppress, its sends cap and refuse a resend (65), status counts the same at the new version",
        arguments: Store.allCases)
    func usedAsItStands(store: Store) async throws {
        let sandbox = try SandboxProcess()
        let history = try TestHistory(store, sandbox: sandbox)
        try history.loadPreviousRelease()
        // As if the previous release had sent it an hour ago: "sent previously" looks back a day.
        let anHourAgo = Timestamp.utc(Date().addingTimeInterval(-3600))
        try history.sql("UPDATE sends SET starts_at = '\(anHourAgo)'")
        try history.sql("UPDATE campaigns SET starts_at = '\(anHourAgo)'")
        let optOuts = try history.count("opt_outs")
        let delivered = try history.count("sends", where: "status <> 'failed'")
        let sends = try history.count("sends")
        let campaigns = try history.count("campaigns")
        #expect(optOuts > 0 && delivered > 0 && sends == 200)

        let run = try history.prepare("upgraded", pipeline: try Self.pipeline())
        let rejects = try Support.csvDictionaries(run[3] + "/rejects.csv")
        #expect(rejects.filter { $0["reason"] == "suppressed" }.count == optOuts)
        #expect(
            rejects.filter { $0["reason"] == "suppressed" }.allSatisfy { ($0["message"] ?? "").contains("found by run night-1") })
        let submit = try Executables.run("campaign-submit", run, environment: history.environment)
        #expect(submit.status == 65, "a same-template resend of the same export is refused: \(submit.stderr)")
        #expect(submit.stderr.contains("night-1"), "\(submit.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty, "nothing was created")

        let capped = try history.prepare("capped", pipeline: try Self.pipeline(extra: "frequency_cap: {same_template: 1/7d}\n"))
        let capRejects = try Support.csvDictionaries(capped[3] + "/rejects.csv")
        #expect(
            capRejects.filter { $0["reason"] == "frequency_cap" }.count == delivered,
            "every delivered send still counts against the cap")

        let status = try history.status()
        #expect(status["schema_version"] as? Int == 2)
        #expect((status["migrations"] as? [String])?.count == 2)
        let rows = try #require(status["rows"] as? [String: Int])
        #expect(rows["campaigns"] == campaigns && rows["sends"] == sends && rows["opt_outs"] == optOuts, "\(rows)")
        if store == .sqlite {
            let copy = history.sqlitePath + ".before-1"
            #expect(FileManager.default.fileExists(atPath: copy), "the history as the previous release left it is kept beside it")
        }
    }

    @Test(
        "two processes opening a PostgreSQL history of the previous release at the same moment: one migration applied, both go on"
    )
    func twoMigrators() async throws {
        let sandbox = try SandboxProcess()
        // Three fresh databases: a race that one round happens to miss, another may not.
        for _ in 0..<3 {
            let history = try TestHistory(.postgres, sandbox: sandbox)
            try history.loadPreviousRelease()
            #expect(try history.sql("SELECT to_regclass('schema_migrations') IS NULL") == ["t"], "the fixture predates versions")
            let started = try (0..<2).map { _ in
                try Executables.start("campaign-history", ["status", "--json"], environment: history.environment)
            }
            let ended = started.map { $0.finish() }
            #expect(ended.map(\.status) == [0, 0], "\(ended.map(\.stderr))")
            let names = try history.sql("SELECT name FROM schema_migrations ORDER BY name")
            #expect(names == ["0001-sends-opt-outs-inbox", "0002-retention-forgotten"], "each migration recorded once")
            #expect(try history.count("history_settings", where: "name = 'keep_sends_days'") == 1)
            #expect(try history.count("opt_outs") > 0, "its rows kept")
        }
    }
}
