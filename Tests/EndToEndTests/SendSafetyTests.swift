import CubeAPI
import Foundation
import Testing

/// Operator mistakes, torn files, races, full disks and the wrong hour, against
/// a real sandbox; the truth is the sandbox's own recipients, read page by page.
// One test at a time: each runs slow sandboxes and several stages, and two cores shared with the
// other suites are enough to make a loaded machine's timings, not the product, decide a result.
@Suite("End to end: send safety under mistakes and faults", .serialized)
struct SendSafetyTests {
    struct Prepared {
        var folder: String
        var pipeline: String
        var run: String
        var common: [String] { ["--pipeline", self.pipeline, "--run", self.run] }
    }

    /// `count` recipients ingested and validated into `folder/run` (default a fresh temp folder).
    static func prepare(
        _ name: String, count: Int, batchSize: Int, folder: String? = nil,
        schedule: String = "schedule: {timezone: Asia/Riyadh, window: \"00:00-24:00\"}",
        extra: String = ""
    ) throws -> Prepared {
        let folder = try folder ?? Support.runDirectory(name)
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: count).write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try Self.writePipeline(name, batchSize: batchSize, schedule: schedule, extra: extra)
        let prepared = Prepared(folder: folder, pipeline: pipeline, run: folder + "/run")
        let ingest = try Executables.run("campaign-ingest", prepared.common + [input])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(try Executables.run("campaign-validate", prepared.common).status == 0)
        return prepared
    }

    static func writePipeline(_ name: String, batchSize: Int, schedule: String, extra: String = "", path: String? = nil) throws
        -> String
    {
        let body = """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            batch_size: \(batchSize)
            \(schedule)
            \(extra)
            """
        guard let path else { return try Support.pipeline(body) }
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func journalEvents(_ run: String) throws -> [String] {
        try String(contentsOfFile: run + "/journal.ndjson", encoding: .utf8).split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["event"] as? String
        }
    }

    @Test("plan.json deleted and batch_size changed: submit refuses, naming the part; nobody gets a second message")
    func replannedRun() async throws {
        let sandbox = try SandboxProcess()
        let prepared = try Self.prepare("replan", count: 21, batchSize: 20)
        let first = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 2)

        try FileManager.default.removeItem(atPath: prepared.run + "/plan.json")
        _ = try Self.writePipeline(
            "replan", batchSize: 5, schedule: "schedule: {timezone: Asia/Riyadh, window: \"00:00-24:00\"}",
            path: prepared.pipeline)
        let second = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(second.status == 65, "\(second.stderr)")
        #expect(second.stderr.contains("part 1 was sent with key"), "\(second.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 2)

        // The plan deleted with the pipeline as it was: rebuilt, matched, nothing sent again.
        _ = try Self.writePipeline(
            "replan", batchSize: 20, schedule: "schedule: {timezone: Asia/Riyadh, window: \"00:00-24:00\"}",
            path: prepared.pipeline)
        let third = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("rebuilt"), "\(third.stdout)")
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test("a pipeline edited after submitting started is refused with the field that changed")
    func editedPipeline() async throws {
        let sandbox = try SandboxProcess()
        let prepared = try Self.prepare("edited", count: 30, batchSize: 10)
        // A rerun after the edit must not create the same parts again in another language.
        #expect(try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment).status == 0)
        var text = try String(contentsOfFile: prepared.pipeline, encoding: .utf8)
        text = text.replacingOccurrences(of: "language: ar", with: "language: en")
        try text.write(toFile: prepared.pipeline, atomically: true, encoding: .utf8)
        let rerun = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(rerun.status == 65, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("template.language was ar, now en"), "\(rerun.stderr)")
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test("once submitting started, validate may not change the recipients, and a lost journal is not a fresh start")
    func fixedOnceStarted() async throws {
        let sandbox = try SandboxProcess()
        let prepared = try Self.prepare("fixed", count: 20, batchSize: 10)
        #expect(try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: prepared.run + "/recipients.ndjson"))
        // Validating again with the same inputs is harmless; with a new opt-out list it would change who the campaigns are for.
        #expect(try Executables.run("campaign-validate", prepared.common).status == 0)
        let optOuts = prepared.folder + "/opt-outs.csv"
        try "phone\n+966500000003\n".write(toFile: optOuts, atomically: true, encoding: .utf8)
        var text = try String(contentsOfFile: prepared.pipeline, encoding: .utf8)
        text += "\nsuppression: [\(optOuts)]\n"
        try text.write(toFile: prepared.pipeline, atomically: true, encoding: .utf8)
        let revalidate = try Executables.run("campaign-validate", prepared.common)
        #expect(revalidate.status == 65, "\(revalidate.stderr)")
        #expect(revalidate.stderr.contains("has started submitting"), "\(revalidate.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: prepared.run + "/recipients.ndjson")) == before)

        try FileManager.default.removeItem(atPath: prepared.run + "/journal.ndjson")
        let lost = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(lost.status == 65, "\(lost.stderr)")
        #expect(lost.stderr.contains("run.json says 2 campaign(s)"), "\(lost.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 2)
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test("the journal's last line cut mid-way: two reruns both finish, and each phone is in one campaign")
    func tornJournal() async throws {
        let sandbox = try SandboxProcess()
        let prepared = try Self.prepare("torn", count: 30, batchSize: 10)
        #expect(try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment).status == 0)
        let path = prepared.run + "/journal.ndjson"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(25)  // the end of the last `created` line, and its newline
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for attempt in 1...2 {
            let rerun = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
            #expect(rerun.status == 0, "rerun \(attempt): \(rerun.stderr)")
        }
        let aside = try FileManager.default.contentsOfDirectory(atPath: prepared.run).filter {
            $0.hasPrefix("journal.ndjson.torn-")
        }
        #expect(aside.count == 1, "the cut bytes are kept for inspection")
        #expect(try Self.journalEvents(prepared.run).filter { $0 == "created" }.count == 3)
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
        let report = try Executables.run("campaign-report", prepared.common + ["--no-wait"], environment: sandbox.environment)
        #expect([0, 75].contains(report.status), "\(report.stderr)")
    }

    @Test("two campaign-submit at once on one run (untrusted keys, slow server): one works, the other exits 75")
    func twoWriters() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "slow"])
        let prepared = try Self.prepare("race", count: 30, batchSize: 10, extra: "api: {idempotency_keys: untrusted}")
        let started = try (0..<2).map { _ in
            try Executables.start("campaign-submit", prepared.common, environment: sandbox.environment)
        }
        let results = started.map { $0.finish() }
        let statuses = results.map(\.status)
        let messages = results.map(\.stderr)
        #expect(statuses.sorted() == [0, 75], "\(messages)")
        #expect(messages.contains { $0.contains("is working on the run") && $0.contains("pid") }, "\(messages)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test(
        "the run's disk fills up during submit: it stops saying so; after space returns every phone is messaged once",
        .enabled(
            if: Support.canMountTmpfs,
            "mounting a 4 MiB tmpfs needs root and a kernel that lets this process mount (CI runs as root)"))
    func fullDisk() async throws {
        let mount = try Support.runDirectory("tmpfs")
        let mounted = try Executables.runCommand("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount])
        try #require(mounted.status == 0, "mount failed: \(mounted.stderr)")
        defer { _ = try? Executables.runCommand("/bin/umount", ["-l", mount]) }
        let sandbox = try SandboxProcess(["--fault-rate", "0.5", "--faults", "slow"])
        // Forty parts: appends fill the journal's last page before they need a new one, so the
        // disk refuses a line only a few parts after it is full.
        let prepared = try Self.prepare("full", count: 200, batchSize: 5, folder: mount)
        let submit = try Executables.start("campaign-submit", prepared.common, environment: sandbox.environment)
        // Let a few parts go out, then fill the disk to the last byte.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? Self.journalEvents(prepared.run).filter { $0 == "created" }.count) ?? 0 < 2 {
            usleep(100_000)
        }
        let filler = mount + "/filler"
        _ = try Executables.runCommand("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=4096"])
        let (status, stderr) = submit.finish()
        #expect(status == 75, "\(stderr)")
        #expect(stderr.contains("the disk is full (ENOSPC)"), "\(stderr)")
        let createdBefore = try await Support.sandboxCampaigns(sandbox).count
        #expect(createdBefore < 40, "the disk filled after submit finished; the test proves less than it should")

        try FileManager.default.removeItem(atPath: filler)
        let rerun = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 40)
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test("submitted at 02:00 local time with window 09:00-21:00: one campaign, scheduled for 09:00 local")
    func outsideTheWindow() async throws {
        let sandbox = try SandboxProcess()
        let zone = Support.zone(localHour: 2)
        let prepared = try Self.prepare(
            "night", count: 10, batchSize: 50,
            schedule: "schedule: {timezone: \(zone.name), window: \"09:00-21:00\"}")
        let result = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 1)
        // Today's 09:00 in that zone, in UTC.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: zone.name))
        let opening = try #require(calendar.date(bySettingHour: 9, minute: 0, second: 0, of: Date()))
        #expect(campaigns.first?.scheduledAt == Timestamp.utc(opening), "\(campaigns.first?.scheduledAt ?? "now")")
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test(
        "--dry-run --at 2027-03-28T03:00:00Z in Europe/London: plan.json says 08:00Z (09:00 on the day clocks change), nothing sent"
    )
    func dryRunAt() async throws {
        let sandbox = try SandboxProcess()
        let prepared = try Self.prepare(
            "dst", count: 10, batchSize: 50,
            schedule: "schedule: {timezone: Europe/London, window: \"09:00-21:00\"}")
        let result = try Executables.run(
            "campaign-submit", prepared.common + ["--dry-run", "--at", "2027-03-28T03:00:00Z"],
            environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("at 2027-03-28T08:00:00Z (2027-03-28T09:00:00 Europe/London)"), "\(result.stdout)")
        let plan =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: prepared.run + "/plan.json")))
            as? [String: Any]
        let batches = try #require(plan?["batches"] as? [[String: Any]])
        #expect(batches.map { $0["scheduled_at"] as? String } == ["2027-03-28T08:00:00Z"])
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: prepared.run + "/journal.ndjson"))
    }

    @Test("schedule.at outside the window is a configuration error naming both")
    func atOutsideWindow() throws {
        let pipeline = try Self.writePipeline(
            "late", batchSize: 10,
            schedule: "schedule: {at: \"2027-05-01T23:30:00\", timezone: Asia/Riyadh, window: \"09:00-21:00\"}")
        let folder = try Support.runDirectory("late")
        try Support.recipientsCSV(count: 3).write(toFile: folder + "/in.csv", atomically: true, encoding: .utf8)
        let result = try Executables.run(
            "campaign-ingest", ["--pipeline", pipeline, "--run", folder + "/run", folder + "/in.csv"])
        #expect(result.status == 78)
        #expect(
            result.stderr.contains("schedule.at 2027-05-01T23:30:00 is outside schedule.window 09:00-21:00 Asia/Riyadh"),
            "\(result.stderr)")
    }

    @Test("SIGTERM during submit finishes the create in flight and its journal line, then stops with 75")
    func sigterm() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "slow"])
        let prepared = try Self.prepare("term", count: 50, batchSize: 5)
        let submit = try Executables.start("campaign-submit", prepared.common, environment: sandbox.environment)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? Self.journalEvents(prepared.run).filter { $0 == "intent" }.count) ?? 0 < 2 {
            usleep(50_000)
        }
        submit.process.terminate()
        let (status, stderr) = submit.finish()
        #expect(status == 75, "\(stderr)")
        #expect(stderr.contains("stopped (SIGTERM) before part"), "\(stderr)")
        let events = try Self.journalEvents(prepared.run)
        #expect(events.last == "created", "the create in flight got its outcome line: \(events.suffix(3))")
        #expect(try await Support.sandboxCampaigns(sandbox).count < 10)
        let rerun = try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        try await Support.expectEachPhoneOnce(sandbox, run: prepared.run)
    }

    @Test("run directories and their artifacts are the owner's only, whatever the caller's umask")
    func privateFiles() async throws {
        let sandbox = try SandboxProcess()
        let previous = umask(0o022)
        defer { umask(previous) }
        let prepared = try Self.prepare("modes", count: 10, batchSize: 50)
        #expect(try Executables.run("campaign-submit", prepared.common, environment: sandbox.environment).status == 0)
        #expect(
            try Executables.run("campaign-report", prepared.common + ["--no-wait"], environment: sandbox.environment).status != 64
        )
        let manager = FileManager.default
        let runMode = try #require(try manager.attributesOfItem(atPath: prepared.run)[.posixPermissions] as? Int)
        #expect(runMode == 0o700)
        let files = try manager.contentsOfDirectory(atPath: prepared.run)
        #expect(files.contains("journal.ndjson") && files.contains("plan.json") && files.contains("recipients.ndjson"))
        for file in files {
            let mode = try #require(try manager.attributesOfItem(atPath: prepared.run + "/" + file)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(file) is \(String(mode, radix: 8))")
        }
    }

    @Test("a symlink and a FIFO dropped into inbox/ are never read; a normal file dropped after them is sent")
    func specialFilesInInbox() async throws {
        let sandbox = try SandboxProcess()
        let fixture = try InboxFixture(
            "special", pipelines: ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])])
        let secret = fixture.root + "/secret.csv"
        try Support.recipientsCSV(count: 5, first: 500).write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: fixture.inbox + "/offers-link.csv", withDestinationPath: secret)
        #expect(mkfifo(fixture.inbox + "/offers-fifo.csv", 0o600) == 0)
        try fixture.drop("offers-real.csv", Support.recipientsCSV(count: 7))
        let watch = try fixture.watch(sandbox, ["--once", "--settle", "0.2"])
        #expect(watch.status == 0, "\(watch.stderr)")
        #expect(fixture.names(fixture.done).contains("offers-real.csv"), "\(watch.stderr)")
        #expect(watch.stderr.contains("a symbolic link"), "\(watch.stderr)")
        #expect(watch.stderr.contains("a FIFO"), "\(watch.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.map(\.recipientCount) == [7], "only the real file was sent")
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }
        #expect(!phones.contains { $0.hasSuffix("00000500") }, "the link's target was never read")
    }
}
