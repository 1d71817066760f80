import ArtifactText
import CubeAPI
import Foundation
import Testing

/// `campaign-inbox` against a real sandbox: files are taken only when complete,
/// routed by pattern, sent once per content, and a killed watcher finishes its
/// run on restart without a second create.
@Suite("End to end: the inbox")
struct InboxTests {
    @Test("routes by pattern in pipeline-name order, leaves hidden and temporary files, explains an unmatched one")
    func routing() async throws {
        let sandbox = try SandboxProcess()
        let fixture = try InboxFixture(
            "route",
            pipelines: [
                "a.yaml": InboxFixture.pipeline("alpha", match: ["alpha-*.csv"]),
                "b.yaml": InboxFixture.pipeline("beta", match: ["beta-*.csv", "*.csv"]),
            ])
        try fixture.drop("alpha-1.csv", Support.recipientsCSV(count: 12))
        try fixture.drop("beta-1.csv", Support.recipientsCSV(count: 7, first: 100))
        try fixture.drop("gamma.txt", Support.recipientsCSV(count: 3, first: 200))
        let ignored: Set = [".alpha-2.csv", "alpha-3.csv.part", "~$alpha-4.csv", "alpha-5.tmp", "alpha-6.csv.crdownload"]
        for name in ignored { try fixture.drop(name, Support.recipientsCSV(count: 2, first: 300)) }

        let result = try fixture.watch(sandbox, ["--once", "--settle", "0.3"])
        #expect(result.status == 0, "\(result.stderr)")

        #expect(
            fixture.names(fixture.done) == [
                "alpha-1.csv", "alpha-1.csv.report.csv", "alpha-1.csv.summary.json",
                "beta-1.csv", "beta-1.csv.report.csv", "beta-1.csv.summary.json",
            ])
        #expect(try Support.csvRows(fixture.done + "/alpha-1.csv.report.csv").count == 12)
        #expect(try Support.csvRows(fixture.done + "/beta-1.csv.report.csv").count == 7)
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        let byPipeline = Dictionary(grouping: campaigns) { String(($0.name ?? "").prefix { $0 != " " }) }
        #expect(byPipeline["alpha"]?.reduce(0) { $0 + $1.recipientCount } == 12)
        #expect(byPipeline["beta"]?.reduce(0) { $0 + $1.recipientCount } == 7)
        #expect(campaigns.count == 3)

        #expect(fixture.names(fixture.failed) == ["gamma.txt", "gamma.txt.error.txt"])
        let note = try String(contentsOfFile: fixture.failed + "/gamma.txt.error.txt", encoding: .utf8)
        #expect(
            note.contains("No pipeline takes \"gamma.txt\"") && note.contains("alpha-*.csv") && note.contains("beta-*.csv, *.csv")
        )
        #expect(fixture.names(fixture.inbox) == ignored)
    }

    @Test("the same content dropped twice is sent once; --allow-resend sends it once more")
    func sameContentOnce() async throws {
        let sandbox = try SandboxProcess()
        let fixture = try InboxFixture(
            "twice", pipelines: ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])])
        let content = Support.recipientsCSV(count: 25)
        try fixture.drop("offers-1.csv", content)
        #expect(try fixture.watch(sandbox, ["--once", "--settle", "0.2"]).status == 0)
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)

        try fixture.drop("offers-2.csv", content)
        let again = try fixture.watch(sandbox, ["--once", "--settle", "0.2"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        #expect(fixture.names(fixture.failed) == ["offers-2.csv", "offers-2.csv.error.txt"])
        let note = try String(contentsOfFile: fixture.failed + "/offers-2.csv.error.txt", encoding: .utf8)
        let sha = Hashing.sha256Hex(Data(content.utf8))
        #expect(note.contains("offers-1.csv") && note.contains("--allow-resend \(sha)") && note.contains("offers-2.resend.csv"))

        try FileManager.default.moveItem(atPath: fixture.failed + "/offers-2.csv", toPath: fixture.inbox + "/offers-3.csv")
        let forced = try fixture.watch(sandbox, ["--once", "--settle", "0.2", "--allow-resend", sha])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 6)
        #expect(fixture.names(fixture.done).contains("offers-3.csv"))
    }

    @Test("a file written slowly is taken only when complete; a second watcher exits 75; SIGTERM stops cleanly")
    func slowWriter() async throws {
        let sandbox = try SandboxProcess()
        let fixture = try InboxFixture("slow", pipelines: ["slow.yaml": InboxFixture.pipeline("slow", match: ["slow-*.csv"])])
        let watcher = try WatcherProcess(
            spool: fixture.spool, pipelines: fixture.pipelines, environment: sandbox.environment,
            arguments: ["--settle", "2", "--interval", "0.2"])
        #expect(
            eventually(20) {
                !((try? String(contentsOfFile: fixture.spool + "/.campaign-inbox.lock", encoding: .utf8)) ?? "").isEmpty
            })

        let second = try fixture.watch(sandbox, ["--once"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("already watching"), "\(second.stderr)")

        let lines = Support.recipientsCSV(count: 50).split(separator: "\n").map { $0 + "\n" }
        let path = fixture.inbox + "/slow-1.csv"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for piece in stride(from: 0, to: lines.count, by: 10) {
            try handle.write(contentsOf: Data(lines[piece..<min(piece + 10, lines.count)].joined().utf8))
            usleep(800_000)
            #expect(fixture.names(fixture.inbox).contains("slow-1.csv"), "taken after \(piece + 10) lines")
        }
        try handle.close()
        #expect(eventually(90) { fixture.names(fixture.done).contains("slow-1.csv") }, "\(watcher.output)")
        #expect(try Support.csvRows(fixture.done + "/slow-1.csv.report.csv").count == 50)
        #expect(watcher.terminate() == 0)
        #expect(watcher.output.contains("stopped (SIGTERM)"))
    }

    @Test("SIGKILL in the middle of submitting, then a restart: every batch exists exactly once")
    func killAndResume() async throws {
        let sandbox = try SandboxProcess()
        let fixture = try InboxFixture("kill", pipelines: ["big.yaml": InboxFixture.pipeline("big", match: ["big-*.csv"])])
        try fixture.drop("big-1.csv", Support.recipientsCSV(count: 2_000))
        let watcher = try WatcherProcess(
            spool: fixture.spool, pipelines: fixture.pipelines, environment: sandbox.environment,
            arguments: ["--settle", "0.2", "--interval", "0.2"])
        #expect(eventually(120) { fixture.createdCount() >= 20 }, "\(watcher.output)")
        watcher.killHard()
        let createdAtKill = fixture.createdCount()
        #expect(createdAtKill < 200, "the kill landed after submit finished; the test proves less than it should")

        let restart = try fixture.watch(sandbox, ["--once", "--settle", "0.2"])
        #expect(restart.status == 0, "\(restart.stderr)")
        #expect(restart.stderr.contains("resuming run big-"))
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 200)
        #expect(Set(campaigns.compactMap(\.idempotencyKey)).count == 200)
        for part in 1...200 {
            #expect(campaigns.filter { $0.name?.hasSuffix("part \(part)/200") ?? false }.count == 1, "part \(part)")
        }
        #expect(fixture.createdCount() == 200)
        #expect(fixture.names(fixture.done).contains("big-1.csv"))
        #expect(try Support.csvRows(fixture.done + "/big-1.csv.report.csv").count == 2_000)
        // The sandbox's own record: each of the 2,000 phones in exactly one campaign.
        let runs = try FileManager.default.contentsOfDirectory(atPath: fixture.spool + "/runs").filter { $0.hasPrefix("big-") }
        #expect(runs.count == 1)
        try await Support.expectEachPhoneOnce(sandbox, run: fixture.spool + "/runs/" + runs[0])
    }
}

extension InboxTests {
    @Test(
        "with --no-wait-report a run waits in runs/ and a later pass finishes it; SIGTERM mid-submit finishes the create in flight"
    )
    func laterPasses() async throws {
        let sandbox = try SandboxProcess(["--start-delay", "300"])
        let fixture = try InboxFixture("later", pipelines: ["later.yaml": InboxFixture.pipeline("later", match: ["later-*.csv"])])
        try fixture.drop("later-1.csv", Support.recipientsCSV(count: 2_000))
        let watcher = try WatcherProcess(
            spool: fixture.spool, pipelines: fixture.pipelines, environment: sandbox.environment,
            arguments: ["--settle", "0.2", "--interval", "0.2", "--no-wait-report"])
        #expect(eventually(120) { fixture.createdCount() >= 10 }, "\(watcher.output)")
        #expect(watcher.terminate() == 0)
        // The create in flight was finished, not abandoned: the journal holds every campaign the sandbox has,
        // and the rest waits for the next pass.
        let createdAtStop = fixture.createdCount()
        #expect(try await Support.sandboxCampaigns(sandbox).count == createdAtStop, "\(watcher.output)")
        #expect(!fixture.names(fixture.done).contains("later-1.csv"))

        let first = try fixture.watch(sandbox, ["--once", "--settle", "0.2", "--no-wait-report"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("not finished yet"), "\(first.stderr)")
        #expect(fixture.createdCount() == 200)
        #expect(try await Support.sandboxCampaigns(sandbox).count == 200)
        #expect(!fixture.names(fixture.done).contains("later-1.csv"))
        try await Support.advanceClock(sandbox, seconds: 600)
        let second = try fixture.watch(sandbox, ["--once", "--settle", "0.2", "--no-wait-report"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(fixture.names(fixture.done).contains("later-1.csv"))
        #expect(try await Support.sandboxCampaigns(sandbox).count == 200)
    }
}

extension InboxTests {
    @Test("a file that fails validation lands in failed/ with what to do, nothing sent; fixed, the same file goes through")
    func failedThenFixed() async throws {
        let sandbox = try SandboxProcess()
        let pipeline = InboxFixture.pipeline("strict", match: ["strict-*.csv"])
        let fixture = try InboxFixture("fixed", pipelines: ["strict.yaml": pipeline + "\nreject_limit: 0"])
        try fixture.drop("strict-1.csv", Support.recipientsCSV(count: 10) + "Bad,12345,O-bad\n")
        let first = try fixture.watch(sandbox, ["--once", "--settle", "0.2"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(fixture.names(fixture.failed) == ["strict-1.csv", "strict-1.csv.error.txt"])
        let note = try String(contentsOfFile: fixture.failed + "/strict-1.csv.error.txt", encoding: .utf8)
        #expect(note.contains("step validate") && note.contains("rejected") && note.contains("Nothing was sent"), "\(note)")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)

        try (pipeline + "\nreject_limit: 10%").write(
            toFile: fixture.pipelines + "/strict.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(atPath: fixture.failed + "/strict-1.csv", toPath: fixture.inbox + "/strict-1.csv")
        let second = try fixture.watch(sandbox, ["--once", "--settle", "0.2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(fixture.names(fixture.done).contains("strict-1.csv"), "\(second.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).map(\.recipientCount) == [10])
        #expect(try Support.csvRows(fixture.done + "/strict-1.csv.report.csv").count == 11)
    }
}
