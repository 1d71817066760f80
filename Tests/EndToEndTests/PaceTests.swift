import CubeAPI
import Foundation
import Testing

/// `pace:` against a real sandbox: a small canary first, the rest after its wait and at most so
/// many an hour, judged by the report before the rest start. The sandbox's clock moves the hours;
/// no test sleeps for one.
@Suite("End to end: a canary first, then at most N an hour")
struct PaceTests {
    static func pipeline(pace: String, extra: String = "") throws -> String {
        try Support.plainPipeline("paced", extra: "reject_limit: 100%\npace: \(pace)\n\(extra)")
    }

    func prepare(_ sandbox: SandboxProcess, pipeline: String, count: Int, name: String) throws -> (
        common: [String], run: String
    ) {
        let folder = try Support.runDirectory(name)
        try Support.recipientsCSV(count: count).write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        let ingest = try Executables.run("campaign-ingest", common + [folder + "/input.csv"], environment: sandbox.environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common, environment: sandbox.environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        return (common, folder + "/run")
    }

    /// Each campaign's size and its start in minutes after the canary's, in the sandbox's record.
    static func shape(_ sandbox: SandboxProcess) async throws -> [(count: Int, minutes: Int)] {
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        let iso = ISO8601DateFormatter()
        let starts = campaigns.map { iso.date(from: $0.scheduledAt ?? $0.createdAt) ?? .distantPast }
        guard let first = starts.first else { return [] }
        return zip(campaigns, starts).map { campaign, start in
            (campaign.recipientCount, Int((start.timeIntervalSince(first) / 60).rounded()))
        }
    }

    static let standard = "{canary: 5%, canary_wait: 2h, per_hour: 3000}"

    @Test("10,000 paced: a canary of 500 now, then 3,000 at +2 h, +3 h, +4 h and 500 at +5 h; each phone once, all reported")
    func paced() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0.05", "--send-rate", "100000"])
        let (common, run) = try self.prepare(
            sandbox, pipeline: try Self.pipeline(pace: Self.standard), count: 10_000, name: "paced")
        let dry = try Executables.run("campaign-submit", common + ["--dry-run"], environment: sandbox.environment)
        #expect(dry.stdout.contains("part 1/5 (canary): 500 recipients"), "\(dry.stdout)")
        #expect(dry.stdout.contains("paced (pace:): a canary of 5% of each group first"))
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        let shape = try await Self.shape(sandbox)
        #expect(shape.map(\.count) == [500, 3_000, 3_000, 3_000, 500], "\(shape)")
        for (index, expected) in [0, 120, 180, 240, 300].enumerated() where index < shape.count {
            #expect(abs(shape[index].minutes - expected) <= 1, "part \(index + 1) starts at +\(shape[index].minutes) min")
        }
        try await Support.expectEachPhoneOnce(sandbox, run: run)
        // Before the clock moves the report judges the canary (5% failed, under 20%) and says what it waits for.
        let early = try Executables.run(
            "campaign-report", common + ["--timeout", "20"], environment: sandbox.environment)
        #expect(early.stderr.contains("canary passed: "), "\(early.stderr)")
        try await Support.advanceToSchedules(sandbox)
        try await Support.advanceClock(sandbox, seconds: 600)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.count == 10_000 && rows.allSatisfy { $0["outcome"] == "sent" || $0["outcome"] == "failed" })
        let summary = try String(contentsOfFile: run + "/summary.json", encoding: .utf8)
        #expect(summary.contains("\"canary\" : true") && summary.contains("\"starts_at\""), "\(summary.prefix(400))")
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Timeline</h2>"))
    }

    @Test("a canary failing 60%: report exits 65, the four later parts are cancelled unsent and reported cancelled")
    func canaryFails() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0.6", "--send-rate", "100000"])
        let (common, run) = try self.prepare(
            sandbox, pipeline: try Self.pipeline(pace: Self.standard), count: 10_000, name: "canary-fails")
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 65, "\(report.stderr)")
        #expect(report.stderr.contains("the canary failed"), "\(report.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 5)
        #expect(campaigns.dropFirst().allSatisfy { $0.status == .cancelled && $0.sentCount == 0 }, "\(campaigns)")
        let pause = try String(contentsOfFile: run + "/auto-pause.json", encoding: .utf8)
        #expect(pause.contains("\"canary\" : true") && pause.contains("\"top_errors\""), "\(pause)")
        // Moved past every planned start, nobody of the later parts gets a message.
        try await Support.advanceClock(sandbox, seconds: 6 * 3_600)
        let later = try await Support.sandboxCampaigns(sandbox)
        #expect(later.dropFirst().allSatisfy { $0.sentCount == 0 && $0.failedCount == 0 })
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.filter { $0["outcome"] == "cancelled" }.count == 9_500)
    }

    @Test("per_hour 20,000 in a 09:00-21:00 window planned at 20:00: 20:00, then 09:00, 10:00 … the next day")
    func spillsToTomorrow() throws {
        let pipeline = try Self.pipeline(
            pace: "{per_hour: 20000}", extra: "schedule: {timezone: Asia/Riyadh, window: \"09:00-21:00\"}")
        let sandbox = try SandboxProcess()
        let (common, _) = try self.prepare(sandbox, pipeline: pipeline, count: 100_000, name: "spill")
        // 20:00 in Riyadh.
        let dry = try Executables.run(
            "campaign-submit", common + ["--dry-run", "--at", "2026-12-03T17:00:00Z"], environment: sandbox.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("part 1/5: 20000 recipients, now"), "\(dry.stdout)")
        for (part, hour) in [(2, "06"), (3, "07"), (4, "08"), (5, "09")] {
            #expect(
                dry.stdout.contains("part \(part)/5: 20000 recipients, at 2026-12-04T\(hour):00:00Z"),
                "part \(part) at \(hour):00Z (\(Int(hour)! + 3):00 Riyadh)")
        }
    }

    @Test("a pause an earlier report decided but died before carrying out is finished by the next report")
    func interruptedPause() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0", "--send-rate", "100000"])
        let (common, run) = try self.prepare(
            sandbox, pipeline: try Self.pipeline(pace: "{canary: 10, canary_wait: 1h, per_hour: 30}"), count: 100,
            name: "paced-interrupted")
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
        // What a report leaves when it dies right after keeping its decision, before its first cancel.
        try #"{"cancelled":["2","3","4"],"failed":9,"finished":10,"limit":0.2,"recipients":90,"canary":true}"#.write(
            toFile: run + "/auto-pause.json", atomically: true, encoding: .utf8)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 65, "\(report.stderr)")
        #expect(report.stderr.contains("had not been; cancelling them now"), "\(report.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.map(\.status) == [.completed, .cancelled, .cancelled, .cancelled], "\(campaigns.map(\.status))")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.filter { $0["outcome"] == "cancelled" }.count == 90)
    }

    @Test("killed at random moments under faults, a paced plan's parts each exist exactly once")
    func crashAndRerun() async throws {
        let sandbox = try SandboxProcess([
            "--fault-rate", "0.3", "--faults", "5xx,drop,timeout-after-create", "--fault-delay", "2",
        ])
        let (common, run) = try self.prepare(
            sandbox, pipeline: try Self.pipeline(pace: "{canary: 10, canary_wait: 1h, per_hour: 30}"), count: 100,
            name: "paced-crash")
        var environment = sandbox.environment
        environment["CUBE_TIMEOUT"] = "1"
        #expect(try Support.submitKilledAtRandom(common, environment: environment))
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.map(\.recipientCount) == [10, 30, 30, 30], "\(campaigns.map(\.recipientCount))")
        #expect(Set(campaigns.compactMap(\.idempotencyKey)).count == 4)
        try await Support.expectEachPhoneOnce(sandbox, run: run)
    }
}
