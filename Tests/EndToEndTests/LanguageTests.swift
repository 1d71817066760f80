import CubeAPI
import Foundation
import Testing

/// `language:` against a real sandbox holding the template in Arabic and English: each recipient
/// gets their own language (or the fallback), every campaign holds one language, and the sandbox's
/// own record of each campaign's `template_language` is what is judged.
@Suite("End to end: each recipient in their own language")
struct LanguageTests {
    static let templates = [
        "--template", "order_confirmation:ar:3:مرحبا {{1}}، طلبك {{2}} ({{3}})",
        "--template", "order_confirmation:en_US:3:Hello {{1}}, your order {{2}} ({{3}})",
    ]

    /// Cells as a CRM writes them, and the language each must get (`*`: by the fallback).
    static let cells: [(cell: String, language: String, fallback: Bool)] = [
        ("Arabic", "ar", false), ("English", "en_US", false), ("eNgLiSh", "en_US", false), ("عربي", "ar", false),
        ("", "ar", true), ("Klingon", "ar", true), ("en-us", "en_US", false), (" AR ", "ar", false),
    ]

    static func csv(repeats: Int = 1) -> String {
        var csv = "first_name,mobile,order,Language\n"
        var number = 0
        for _ in 0..<repeats {
            for (cell, _, _) in Self.cells {
                number += 1
                csv += "N\(number),+96650\(String(format: "%07d", number)),O\(number),\"\(cell)\"\n"
            }
        }
        return csv
    }

    static func pipeline(fallback: String = "ar", extra: String = "", batchSize: Int = 2, map: String = "")
        throws -> String
    {
        try Support.pipeline(
            """
            name: languages
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            language: {column: Language, map: {Arabic: ar, عربي: ar, English: en_US\(map)}, fallback: \(fallback)}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            phone: {region: SA, accept: possible}
            batch_size: \(batchSize)
            reject_limit: 100%
            \(extra)
            """)
    }

    func prepare(_ sandbox: SandboxProcess, pipeline: String, csv: String = Self.csv(), name: String) throws -> (
        common: [String], run: String
    ) {
        let folder = try Support.runDirectory(name)
        try csv.write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        let ingest = try Executables.run("campaign-ingest", common + [folder + "/input.csv"], environment: sandbox.environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common, environment: sandbox.environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        return (common, folder + "/run")
    }

    /// From the sandbox's record: each campaign is in one language and holds only that language's
    /// phones, and every phone is in exactly one campaign. Returns phone digits → language.
    static func expectOneLanguageEach(
        _ sandbox: SandboxProcess, expected: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let phones = try await Support.sandboxPhones(sandbox)
        var seen: [String: String] = [:]
        for campaign in try await Support.sandboxCampaigns(sandbox) {
            #expect(campaign.templateName == "order_confirmation", sourceLocation: sourceLocation)
            for phone in phones[campaign.campaignId] ?? [] {
                let digits = phone.filter(\.isNumber)
                #expect(seen[digits] == nil, "\(digits) is in two campaigns", sourceLocation: sourceLocation)
                seen[digits] = campaign.templateLanguage
            }
        }
        #expect(seen == expected, "each phone in one campaign of its own language", sourceLocation: sourceLocation)
    }

    @Test("every phone in one campaign of its own language, fallbacks in the fallback, and report.csv says which")
    func send() async throws {
        let sandbox = try SandboxProcess(Self.templates + ["--failure-rate", "0"])
        let (common, run) = try self.prepare(sandbox, pipeline: try Self.pipeline(), name: "languages")
        let dry = try Executables.run("campaign-submit", common + ["--dry-run"], environment: sandbox.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("ar: 5 recipient(s); the first"), "\(dry.stdout)")
        #expect(dry.stdout.contains("en_US: 3 recipient(s); the first") && dry.stdout.contains("Hello N2, your order O2 (X)"))
        let preview = try String(contentsOfFile: run + "/preview.html", encoding: .utf8)
        #expect(preview.contains("In en_US: 3 recipient(s)") && preview.contains("lang=\"ar\""))

        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        var expected: [String: String] = [:]
        for (index, cell) in Self.cells.enumerated() { expected["96650\(String(format: "%07d", index + 1))"] = cell.language }
        try await Self.expectOneLanguageEach(sandbox, expected: expected)
        // Arabic 5 in parts of 2, English 3 in parts of 2.
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.filter { $0.templateLanguage == "ar" }.count == 3)
        #expect(campaigns.filter { $0.templateLanguage == "en_US" }.count == 2)
        let again = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        let afterRerun = try await Support.sandboxCampaigns(sandbox).count
        #expect(again.status == 0 && afterRerun == 5, "a rerun sends nothing")

        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.count == Self.cells.count && rows.allSatisfy { $0["outcome"] == "sent" })
        for (index, cell) in Self.cells.enumerated() {
            #expect(rows[index]["language"] == cell.language, "record \(index + 1): \(rows[index])")
            #expect(rows[index]["language_fallback"] == (cell.fallback ? "true" : ""))
        }
        let summary = try String(contentsOfFile: run + "/summary.json", encoding: .utf8)
        #expect(summary.contains("\"by_language\""), "\(summary)")
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Languages</h2>") && html.contains("Template order_confirmation [en_US]"))
    }

    @Test("--test-to sends one test campaign per language to the same numbers; a rerun sends none")
    func testSend() async throws {
        let sandbox = try SandboxProcess(Self.templates + ["--failure-rate", "0"])
        let (common, _) = try self.prepare(sandbox, pipeline: try Self.pipeline(), name: "lang-test")
        let test = try Executables.run(
            "campaign-submit", common + ["--test-to", "+966509999991,+966509999992"], environment: sandbox.environment)
        #expect(test.status == 0, "\(test.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.map(\.templateLanguage).sorted() == ["ar", "en_US"], "\(test.stdout)")
        #expect(campaigns.allSatisfy { ($0.name ?? "").contains("· test") && $0.recipientCount == 2 })
        let phones = try await Support.sandboxPhones(sandbox)
        #expect(phones.values.allSatisfy { Set($0.map { $0.filter(\.isNumber) }) == ["966509999991", "966509999992"] })
        let again = try Executables.run(
            "campaign-submit", common + ["--test-to", "+966509999991,+966509999992"], environment: sandbox.environment)
        #expect(again.status == 0 && again.stdout.contains("nothing new was sent"), "\(again.stdout)\(again.stderr)")
        let after = try await Support.sandboxCampaigns(sandbox).count
        #expect(after == 2)
    }

    @Test("with fallback: reject, the empty and unknown cells are no_language rejects in fix.csv")
    func rejectFallback() async throws {
        let sandbox = try SandboxProcess(Self.templates + ["--failure-rate", "0"])
        let (common, run) = try self.prepare(sandbox, pipeline: try Self.pipeline(fallback: "reject"), name: "lang-reject")
        let rejects = try Support.csvDictionaries(run + "/rejects.csv")
        #expect(rejects.map { $0["reason"] ?? "" } == ["no_language", "no_language"], "\(rejects)")
        let fix = try Support.csvDictionaries(run + "/fix.csv")
        #expect(fix.map { $0["Language"] ?? "?" } == ["", "Klingon"], "\(fix)")
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(try await Support.sandboxPhones(sandbox).values.map(\.count).reduce(0, +) == 6)
    }

    @Test("a language the sandbox's template lacks is refused (78) before any create")
    func preflight() async throws {
        let sandbox = try SandboxProcess(Self.templates)
        let csv = Self.csv() + "Fr,+966509999999,OF,French\n"
        let (common, _) = try self.prepare(
            sandbox, pipeline: try Self.pipeline(map: ", French: fr"), csv: csv, name: "lang-preflight")
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 78, "\(submit.stdout)\(submit.stderr)")
        #expect(submit.stderr.contains("in 'fr'") && submit.stderr.contains("ar, en_US"), "\(submit.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty, "nothing was created")
    }

    @Test("killed at random moments under faults, a two-language local-time run's parts each exist exactly once")
    func crashAndRerun() async throws {
        let sandbox = try SandboxProcess(
            Self.templates + ["--fault-rate", "0.3", "--faults", "5xx,drop,timeout-after-create", "--fault-delay", "2"])
        // Saudi and British numbers in both languages: four groups of one zone and one language.
        var csv = "first_name,mobile,order,Language\n"
        for index in 0..<40 {
            let language = index % 2 == 0 ? "Arabic" : "English"
            csv += "S\(index),+9665\(String(format: "%08d", index)),O\(index),\(language)\n"
            if index % 2 == 0 { csv += "B\(index),+447400\(String(format: "%06d", index)),P\(index),\(language)\n" }
        }
        let pipeline = try Self.pipeline(
            extra: "schedule: {timezone: Asia/Riyadh, window: \"00:00-24:00\", local_time: true}", batchSize: 10)
        let (common, run) = try self.prepare(sandbox, pipeline: pipeline, csv: csv, name: "lang-crash")
        var environment = sandbox.environment
        environment["CUBE_TIMEOUT"] = "1"
        #expect(try Support.submitKilledAtRandom(common, environment: environment))
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        // Saudi: 20 Arabic, 20 English; British: 20 Arabic: parts of 10.
        #expect(campaigns.count == 6, "\(campaigns.map { "\($0.templateLanguage) \($0.recipientCount)" })")
        #expect(Set(campaigns.compactMap(\.idempotencyKey)).count == 6)
        try await Support.expectEachPhoneOnce(sandbox, run: run)
        let phones = try await Support.sandboxPhones(sandbox)
        for campaign in campaigns {
            let list = phones[campaign.campaignId] ?? []
            let names = Set(list.map { $0.hasPrefix("+44") || $0.hasPrefix("44") ? "GB" : "SA" })
            #expect(names.count == 1, "one zone a campaign: \(list)")
        }
    }
}
