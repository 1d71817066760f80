import CubeAPI
import Foundation
import Testing

/// `schedule.local_time` against a real sandbox: recipients grouped by their
/// number's zone, a part (or several) per group created at that group's window
/// opening in its own zone, and a report that finds every recipient's part.
@Suite("End to end: each recipient's own morning")
struct LocalTimeTests {
    /// Saudi, Egyptian, British and US numbers, interleaved, with a bad number and a duplicate.
    static let csv = """
        first_name,mobile,order
        A,+966501234567,1
        B,+201001234567,2
        C,+966501234568,3
        D,+447400123456,4
        E,+12124567890,5
        F,+966501234569,6
        G,12,7
        H,+201001234568,8
        I,+13105550123,9
        J,+966501234567,10

        """

    /// Prefix → the zone its part is scheduled in, and the window's opening there.
    static let zones: [(prefix: String, zone: String, opens: String, closes: String)] = [
        ("+966", "Asia/Riyadh", "09:00", "21:00"), ("+20", "Africa/Cairo", "09:00", "21:00"),
        ("+44", "Europe/London", "09:00", "21:00"), ("+1", "America/New_York", "14:00", "21:00"),
    ]

    /// From the sandbox's own record: every campaign holds one zone group's phones, and starts at
    /// that group's window opening in its zone (or went at once inside the window there).
    static func expectEachInItsZone(_ sandbox: SandboxProcess, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [String: [String]]
    {
        let phones = try await Support.sandboxPhones(sandbox)
        let iso = ISO8601DateFormatter()
        for campaign in try await Support.sandboxCampaigns(sandbox) {
            let list = phones[campaign.campaignId] ?? []
            let group = Self.zones.first { zone in list.first?.filter(\.isNumber).hasPrefix(zone.prefix.dropFirst()) == true }
            let zoneInfo = try #require(group, "campaign \(campaign.campaignId) has \(list)", sourceLocation: sourceLocation)
            #expect(
                list.allSatisfy { $0.filter(\.isNumber).hasPrefix(zoneInfo.prefix.dropFirst()) }, "one group a campaign: \(list)",
                sourceLocation: sourceLocation)
            let zone = try #require(TimeZone(identifier: zoneInfo.zone))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            func clock(_ date: Date) -> String {
                let parts = calendar.dateComponents([.hour, .minute], from: date)
                return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
            }
            if let scheduled = campaign.scheduledAt {
                let date = try #require(iso.date(from: scheduled))
                #expect(
                    clock(date) == zoneInfo.opens,
                    "\(campaign.name ?? "") starts \(scheduled): \(clock(date)) in \(zoneInfo.zone)",
                    sourceLocation: sourceLocation)
            } else {
                let created = try #require(iso.date(from: campaign.createdAt))
                #expect(
                    clock(created) >= zoneInfo.opens && clock(created) < zoneInfo.closes,
                    "\(campaign.name ?? "") went at once at \(clock(created)) in \(zoneInfo.zone)", sourceLocation: sourceLocation
                )
            }
        }
        return phones
    }

    /// Every sent or failed row of report.csv names the campaign the sandbox holds its phone in.
    static func expectRowsInTheirParts(
        _ rows: [[String: String]], phones: [String: [String]], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var campaignOfPhone: [String: String] = [:]
        for (campaign, list) in phones { for phone in list { campaignOfPhone[phone.filter(\.isNumber)] = campaign } }
        for row in rows where row["outcome"] == "sent" || row["outcome"] == "failed" {
            let digits = (row["phone"] ?? "").filter(\.isNumber)
            #expect(
                row["campaign_id"] == campaignOfPhone[digits],
                "record \(row["record"] ?? "") is in the part that holds its phone",
                sourceLocation: sourceLocation)
        }
    }

    /// `saudi` Saudi and `british` British mobiles, interleaved two to one.
    static func mixedCSV(saudi: Int, british: Int) -> String {
        var csv = "first_name,mobile,order\n"
        var s = 0
        var b = 0
        while s < saudi || b < british {
            if s < saudi { csv += "S\(s),+9665\(String(format: "%08d", s)),O\(s)\n"; s += 1 }
            if s < saudi { csv += "S\(s),+9665\(String(format: "%08d", s)),O\(s)\n"; s += 1 }
            if b < british { csv += "B\(b),+447400\(String(format: "%06d", b)),P\(b)\n"; b += 1 }
        }
        return csv
    }

    func prepare(
        _ sandbox: SandboxProcess, csv: String = Self.csv, batchSize: Int = 2, account: String = "sandbox-account",
        window: String = "09:00-21:00"
    ) throws -> (common: [String], run: String) {
        let pipeline = try Support.pipeline(
            """
            name: local
            account: \(account)
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            phone: {region: SA, accept: possible}
            schedule: {timezone: Asia/Riyadh, window: "\(window)", local_time: true}
            batch_size: \(batchSize)
            reject_limit: 100%
            """)
        let folder = try Support.runDirectory("local")
        try csv.write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        let ingest = try Executables.run("campaign-ingest", common + [folder + "/input.csv"], environment: sandbox.environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common, environment: sandbox.environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        return (common, folder + "/run")
    }

    @Test("the dry run at 2026-12-02T23:00:00Z plans a part per zone group at its window's opening (US by the intersection)")
    func plan() async throws {
        let sandbox = try SandboxProcess()
        let (common, run) = try self.prepare(sandbox)
        let dry = try Executables.run(
            "campaign-submit", common + ["--dry-run", "--at", "2026-12-02T23:00:00Z"], environment: sandbox.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("3 recipients (SA 3): 09:00-21:00 Asia/Riyadh, at 2026-12-03T06:00:00Z"), "\(dry.stdout)")
        #expect(dry.stdout.contains("2 recipients (EG 2): 09:00-21:00 Africa/Cairo, at 2026-12-03T07:00:00Z"))
        #expect(dry.stdout.contains("1 recipients (GB 1): 09:00-21:00 Europe/London, at 2026-12-03T09:00:00Z"))
        #expect(
            dry.stdout.contains(
                "2 recipients (US 2): 14:00-21:00 America/New_York, at once; the part of the window that holds in all"))
        // Batches of two within each group: Saudi 2+1, Egypt 2, Britain 1, the US 2 (at once: 18:00 in New York).
        #expect(
            dry.stdout.contains(
                "part 1/5: 2 recipients in 09:00-21:00 Asia/Riyadh, at 2026-12-03T06:00:00Z (2026-12-03T09:00:00 Asia/Riyadh)"))
        #expect(dry.stdout.contains("part 2/5: 1 recipients in 09:00-21:00 Asia/Riyadh, at 2026-12-03T06:00:00Z"))
        #expect(
            dry.stdout.contains(
                "part 3/5: 2 recipients in 09:00-21:00 Africa/Cairo, at 2026-12-03T07:00:00Z (2026-12-03T09:00:00 Africa/Cairo)"))
        #expect(
            dry.stdout.contains(
                "part 4/5: 1 recipients in 09:00-21:00 Europe/London, at 2026-12-03T09:00:00Z (2026-12-03T09:00:00 Europe/London)"
            ))
        #expect(dry.stdout.contains("part 5/5: 2 recipients in 14:00-21:00 America/New_York, now"))
        let html = try String(contentsOfFile: run + "/preview.html", encoding: .utf8)
        #expect(
            html.contains("Each recipient's own morning") && html.contains("America/New_York") && html.contains("14:00-21:00"))
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty, "a dry run creates nothing")
    }

    @Test(
        "submit creates each group's parts in its own zone at its own opening, never twice, and the report finds every recipient's part"
    )
    func send() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0"])
        let (common, run) = try self.prepare(sandbox)
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 5, "\(submit.stdout)")
        let phones = try await Self.expectEachInItsZone(sandbox)
        // A rerun creates nothing, even with the zoned copy gone (it is laid out again and checked).
        try FileManager.default.removeItem(atPath: run + "/recipients.zoned.ndjson")
        let again = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("laid out again"), "\(again.stdout)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 5)
        try await Support.expectEachPhoneOnce(sandbox, run: run)

        try await Support.advanceToSchedules(sandbox)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.count == 10)
        #expect(rows.filter { $0["outcome"] == "sent" }.count == 8, "\(rows)")
        #expect(rows.filter { $0["outcome"] == "duplicate" }.count == 1)
        #expect(rows.filter { $0["outcome"] == "rejected" }.count == 1)
        Self.expectRowsInTheirParts(rows, phones: phones)
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        #expect(html.contains("America/New_York") && html.contains("Europe/London"))
    }

    @Test(
        "a tier-1 account: each zone's parts are split over the days at that zone's opening, at most 1,000 a day, each phone once"
    )
    func tierSplit() async throws {
        let sandbox = try SandboxProcess(["--account", "tier1:1", "--send-rate", "10000", "--failure-rate", "0"])
        let (common, run) = try self.prepare(
            sandbox, csv: Self.mixedCSV(saudi: 1_200, british: 600), batchSize: 50_000, account: "tier1")
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count >= 3, "1,200 Saudis cannot go in one tier-1 day: \(submit.stdout)")
        // The sandbox counts a campaign in the UTC day it starts.
        var perDay: [String: Int] = [:]
        for campaign in campaigns {
            perDay[String((campaign.scheduledAt ?? campaign.createdAt).prefix(10)), default: 0] += campaign.recipientCount
        }
        #expect(perDay.values.allSatisfy { $0 <= 1_000 }, "\(perDay)")
        let phones = try await Self.expectEachInItsZone(sandbox)
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
        #expect(try await Support.sandboxCampaigns(sandbox).count == campaigns.count, "a rerun sends nothing more")
        try await Support.expectEachPhoneOnce(sandbox, run: run)
        try await Support.advanceClock(sandbox, seconds: 4 * 86_400)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.count == 1_800 && rows.allSatisfy { $0["outcome"] == "sent" })
        Self.expectRowsInTheirParts(rows, phones: phones)
    }

    @Test(
        "a zone group whose window never opens (the US in 09:00-10:00) is skipped with a warning; the others go; its rows are not_submitted"
    )
    func skippedGroup() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0"])
        let (common, run) = try self.prepare(sandbox, window: "09:00-10:00")
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stdout.contains("2 recipients (US 2): SKIPPED, not sent: no hour of schedule.window 09:00-10:00"))
        #expect(submit.stderr.contains("2 recipient(s) of US are not sent"), "\(submit.stderr)")
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }.map { $0.filter(\.isNumber) }
        #expect(phones.count == 6 && !phones.contains { $0.hasPrefix("1") }, "\(phones)")
        try await Support.advanceToSchedules(sandbox)
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        let us = rows.filter { ($0["phone"] ?? "").hasPrefix("+1") }
        #expect(us.count == 2 && us.allSatisfy { $0["outcome"] == "not_submitted" && $0["reason"] == "no_send_window" }, "\(us)")
        #expect(rows.filter { $0["outcome"] == "sent" }.count == 6)
        // Every group closed: nothing is planned at all (78).
        let (allClosed, _) = try self.prepare(sandbox, csv: "first_name,mobile,order\nE,+12124567890,5\n", window: "09:00-10:00")
        #expect(try Executables.run("campaign-submit", allClosed, environment: sandbox.environment).status == 78)
    }

    @Test("killed at random moments under faults, a zoned run's parts each exist exactly once")
    func crashAndRerun() async throws {
        let sandbox = try SandboxProcess([
            "--fault-rate", "0.3", "--faults", "5xx,drop,timeout-after-create", "--fault-delay", "2",
        ])
        let (common, run) = try self.prepare(sandbox, csv: Self.mixedCSV(saudi: 60, british: 30), batchSize: 10)
        var environment = sandbox.environment
        environment["CUBE_TIMEOUT"] = "1"
        #expect(try Support.submitKilledAtRandom(common, environment: environment))
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 9, "6 Saudi parts and 3 British, each once")
        #expect(Set(campaigns.compactMap(\.idempotencyKey)).count == 9)
        _ = try await Self.expectEachInItsZone(sandbox)
        try await Support.expectEachPhoneOnce(sandbox, run: run)
    }
}
