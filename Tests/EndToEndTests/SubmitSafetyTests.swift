import AsyncHTTPClient
import CubeAPI
import Foundation
import NIOCore
import Testing
import RecipientIO

/// Submit's promises against a real sandbox: batches, tier splits over days,
/// and never twice even when killed at random moments under injected faults.
@Suite("End to end: submit never sends twice")
struct SubmitSafetyTests {
    /// A CSV of `count` distinct valid Saudi mobiles, and a pipeline over it.
    func prepare(
        _ name: String, count: Int, batchSize: Int, account: String = "sandbox-account",
        extra: String = ""
    ) throws -> (common: [String], run: String) {
        let folder = try Support.runDirectory(name)
        let csv = Support.recipientsCSV(count: count)
        let input = folder + "/input.csv"
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try Support.pipeline(
            """
            name: \(name)
            account: \(account)
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            batch_size: \(batchSize)
            \(extra.isEmpty ? "schedule: {timezone: Asia/Riyadh, window: \"00:00-24:00\"}" : extra)
            """)
        let run = folder + "/run"
        let common = ["--pipeline", pipeline, "--run", run]
        #expect(try Executables.run("campaign-ingest", common + [input]).status == 0)
        #expect(try Executables.run("campaign-validate", common).status == 0)
        return (common, run)
    }

    @Test("120,000 recipients become 50,000 + 50,000 + 20,000, named and keyed per part")
    func batches() async throws {
        let sandbox = try SandboxProcess(["--send-rate", "100000"])
        let (common, run) = try self.prepare("batches", count: 120_000, batchSize: 50_000)
        let result = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.map(\.recipientCount) == [50_000, 50_000, 20_000])
        #expect(Set(campaigns.compactMap(\.idempotencyKey)).count == 3)
        #expect(
            campaigns.map { $0.name?.hasSuffix("part \(campaigns.firstIndex(of: $0)! + 1)/3") ?? false } == [true, true, true])
        let journal = try String(contentsOfFile: run + "/journal.ndjson", encoding: .utf8)
        #expect(journal.components(separatedBy: "\"created\"").count - 1 == 3)
    }

    @Test("a tier-1 account sends 1,000 now, 1,000 tomorrow and 500 the day after, each once")
    func tierSplit() async throws {
        let sandbox = try SandboxProcess(["--account", "tier1:1", "--send-rate", "10000"])
        // A zone where it is midday now, so the first part goes at once whatever the hour of the test.
        let zone = Support.zone(localHour: 12)
        let (common, run) = try self.prepare(
            "tier", count: 2_500, batchSize: 50_000, account: "tier1",
            extra: "schedule: {timezone: \(zone.name), window: \"09:00-21:00\"}")
        let result = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.map(\.recipientCount) == [1_000, 1_000, 500])
        #expect(campaigns[0].scheduledAt == nil)
        // The window's start, 09:00 local, in UTC.
        let opening = String(format: "T%02d:00:00Z", ((9 - zone.offsetHours) % 24 + 24) % 24)
        #expect(campaigns[1].scheduledAt?.hasSuffix(opening) == true, "\(campaigns[1].scheduledAt ?? "now")")
        #expect(campaigns[2].scheduledAt?.hasSuffix(opening) == true)
        #expect(campaigns[1].scheduledAt != campaigns[2].scheduledAt)
        // Rerunning sends nothing more.
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        try await Support.advanceClock(sandbox, seconds: 3 * 86_400)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvRows(run + "/report.csv")
        #expect(rows.count == 2_500)
        #expect(Set(rows.map { $0.fields[3].value }).count == 2_500)
        try await Support.expectEachPhoneOnce(sandbox, run: run)
        #expect(rows.allSatisfy { ["sent", "failed"].contains($0.fields[5].value) })
    }

    @Test("killed at random moments under faults, every batch exists exactly once")
    func crashAndRerun() async throws {
        let sandbox = try SandboxProcess([
            "--fault-rate", "0.3", "--faults", "5xx,drop,timeout-after-create",
            "--fault-delay", "2",
        ])
        let (common, run) = try self.prepare("crash", count: 100, batchSize: 10)
        var env = sandbox.environment
        env["CUBE_TIMEOUT"] = "1"
        let finished = try Support.submitKilledAtRandom(common, environment: env)
        #expect(finished)
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 10, "every batch exactly once")
        #expect(Set(campaigns.compactMap(\.idempotencyKey)).count == 10)
        #expect(campaigns.allSatisfy { $0.recipientCount == 10 })
        let journal = try String(contentsOfFile: run + "/journal.ndjson", encoding: .utf8)
        let created = Set(
            journal.split(separator: "\n").compactMap { line -> String? in
                guard line.contains("\"event\":\"created\"") else { return nil }
                return (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["campaign_id"] as? String
            })
        #expect(created == Set(campaigns.map(\.campaignId)), "the journal agrees with the sandbox")
        try await Support.expectEachPhoneOnce(sandbox, run: run)
    }

    @Test("--cancel cancels a scheduled campaign and records it")
    func cancelScheduled() async throws {
        let sandbox = try SandboxProcess()
        let tomorrow = Timestamp.utc(Date().addingTimeInterval(86_400)).prefix(10)
        let (common, run) = try self.prepare(
            "cancel", count: 20, batchSize: 50,
            extra: "schedule: {at: \"\(tomorrow)T09:00:00\", timezone: Asia/Riyadh}")
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
        let cancel = try Executables.run("campaign-submit", common + ["--cancel"], environment: sandbox.environment)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("cancelled 1 campaign"))
        #expect(try await Support.sandboxCampaigns(sandbox).map(\.status) == [.cancelled])
        #expect(try String(contentsOfFile: run + "/journal.ndjson", encoding: .utf8).contains("\"event\":\"cancelled\""))
        let report = try Executables.run("campaign-report", common, environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try Support.csvRows(run + "/report.csv").allSatisfy { $0.fields[5].value == "cancelled" })
    }

    @Test("an untrusted endpoint that never answers stops with 75 and the command that settles it")
    func untrustedUnknown() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "timeout-after-create", "--fault-delay", "3"])
        let (common, _) = try self.prepare("untrusted", count: 5, batchSize: 10, extra: "api: {idempotency_keys: untrusted}")
        var env = sandbox.environment
        env["CUBE_TIMEOUT"] = "1"
        let first = try Executables.run("campaign-submit", common, environment: env)
        #expect(first.status == 75)
        #expect(first.stderr.contains("--resolve 1=created:"))
        let second = try Executables.run("campaign-submit", common, environment: env)
        #expect(second.status == 75, "without an operator's word it must not resend")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 1)
        let resolved = try Executables.run(
            "campaign-submit", common + ["--resolve", "1=created:\(campaigns[0].campaignId)"], environment: env)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 1)
        // A second word on a settled part (a typo for another part) is refused: it must not resend.
        let again = try Executables.run("campaign-submit", common + ["--resolve", "1=resend"], environment: env)
        #expect(again.status == 64, "\(again.stderr)")
        #expect(again.stderr.contains("part 1 is created"), "\(again.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 1)
    }

    @Test("nothing valid to send exits 65")
    func nothingToSend() throws {
        let folder = try Support.runDirectory("empty")
        let input = folder + "/input.csv"
        try "first_name,mobile,order\nA,nope,1\n".write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try Support.pipeline(
            """
            name: empty
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, variables: {"1": first_name, "2": order, "3": {value: X}}}
            reject_limit: 100%
            """)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        #expect(try Executables.run("campaign-ingest", common + [input]).status == 0)
        #expect(try Executables.run("campaign-validate", common).status == 0)
        let sandbox = try SandboxProcess()
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 65)
    }
}
