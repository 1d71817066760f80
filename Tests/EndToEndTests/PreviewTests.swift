import CubeAPI
import Foundation
import Testing
import RecipientIO

/// Before the send, against a real sandbox: the template's text rendered for
/// real recipients (dry run and preview.html), messages too long for WhatsApp
/// stopped in validate or in submit, a test send to the team's own phones, and
/// fix.csv in the input's own terms.
@Suite("End to end: what each person will read, before the send")
struct PreviewTests {
    static func pipeline(
        _ name: String, template: String = "{name: order_confirmation, language: ar}",
        variables: String = #"{"1": first_name, "2": order, "3": {value: CUBE20}}"#, extra: String = ""
    ) throws -> String {
        try Support.pipeline(
            """
            name: \(name)
            account: sandbox-account
            template: \(template)
            mapping: {phone: mobile, name: first_name, variables: \(variables)}
            schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
            reject_limit: 100%
            \(extra)
            """)
    }

    func prepare(_ name: String, pipeline: String, csv: String, environment: [String: String]) throws -> [String] {
        let folder = try Support.runDirectory(name)
        let input = folder + "/input.csv"
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        let ingest = try Executables.run("campaign-ingest", common + [input], environment: environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return common
    }

    @Test("a body with placeholders renders into the dry run's output and into a self-contained preview.html")
    func preview() async throws {
        let sandbox = try SandboxProcess()
        let pipeline = try Self.pipeline("preview")
        let common = try self.prepare(
            "preview", pipeline: pipeline, csv: "first_name,mobile,order\nأحمد,0501234567,A-17\nSara,0501234568,B-2\n",
            environment: sandbox.environment)
        #expect(try Executables.run("campaign-validate", common, environment: sandbox.environment).status == 0)
        let run = common[3]
        #expect(FileManager.default.fileExists(atPath: run + "/template.json"), "validate keeps the template's text")
        let dry = try Executables.run("campaign-submit", common + ["--dry-run"], environment: sandbox.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("مرحبا أحمد، تم تأكيد طلبك A-17. استخدم الرمز CUBE20"), "\(dry.stdout)")
        #expect(dry.stdout.contains("Sara"))
        let html = try String(contentsOfFile: run + "/preview.html", encoding: .utf8)
        #expect(html.contains("مرحبا أحمد، تم تأكيد طلبك A-17. استخدم الرمز CUBE20"))
        #expect(html.contains("dir=\"auto\"") && html.contains("lang=\"ar\""))
        #expect(html.contains("{{1}}"), "the template itself, placeholders and all")
        #expect(html.contains("The longest message"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "self-contained")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }

    @Test(
        "a message of 1,025 characters is rejected by validate when the API answers, and refused by submit when validate could not ask"
    )
    func tooLong() async throws {
        let body = String(repeating: "ع", count: 1_000) + "{{1}}"
        let sandbox = try SandboxProcess(["--template", "long_offer:ar:1:" + body])
        let pipeline = try Self.pipeline("long", template: "{name: long_offer, language: ar}", variables: #"{"1": order}"#)
        let csv =
            "first_name,mobile,order\nA,0501234567,\(String(repeating: "x", count: 25))\nB,0501234568,\(String(repeating: "y", count: 24))\n"
        let up = try self.prepare("long-up", pipeline: pipeline, csv: csv, environment: sandbox.environment)
        let validated = try Executables.run("campaign-validate", up, environment: sandbox.environment)
        #expect(validated.status == 0, "\(validated.stderr)")
        let rejects = try Support.csvRows(up[3] + "/rejects.csv")
        #expect(rejects.count == 1)
        #expect(rejects.first?.fields[3].value == "message_too_long")
        #expect(rejects.first?.fields[6].value.contains("1025 characters") == true, "\(rejects.first?.fields[6].value ?? "")")
        #expect(validated.stdout.contains("fix 1 message too long"), "\(validated.stdout)")

        var down = sandbox.environment
        down["CUBE_BASE_URL"] = "http://127.0.0.1:9"
        let blind = try self.prepare("long-down", pipeline: pipeline, csv: csv, environment: down)
        let unchecked = try Executables.run("campaign-validate", blind, environment: down)
        #expect(unchecked.status == 0, "\(unchecked.stderr)")
        #expect(unchecked.stderr.contains("message lengths are checked by campaign-submit"), "\(unchecked.stderr)")
        let refused = try Executables.run("campaign-submit", blind, environment: sandbox.environment)
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("1 message(s) would be longer than WhatsApp's 1024 characters"), "\(refused.stderr)")
        #expect(refused.stderr.contains("1025 characters"))
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty, "nothing reaches the API")
    }

    @Test(
        "--test-to creates one campaign to those numbers only with real variables; a rerun creates nothing; no real part is created"
    )
    func testSend() async throws {
        let sandbox = try SandboxProcess()
        let pipeline = try Self.pipeline("tested", extra: "test_recipients: [\"+966509999991\"]")
        let common = try self.prepare(
            "tested", pipeline: pipeline, csv: Support.recipientsCSV(count: 30), environment: sandbox.environment)
        #expect(try Executables.run("campaign-validate", common, environment: sandbox.environment).status == 0)
        let test = try Executables.run(
            "campaign-submit", common + ["--test-to", "+966509999991,0509999992"], environment: sandbox.environment)
        #expect(test.status == 0, "\(test.stderr)")
        var campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 1)
        #expect(campaigns.first?.name?.hasSuffix("· test") == true, "\(campaigns.first?.name ?? "")")
        let phones = try await Support.sandboxPhones(sandbox)
        #expect(Set(phones.values.flatMap { $0 }.map { $0.filter(\.isNumber) }) == ["966509999991", "966509999992"])
        let journal = (try? String(contentsOfFile: common[3] + "/journal.ndjson", encoding: .utf8)) ?? ""
        #expect(!journal.contains("\"created\""), "no real part was created")

        let again = try Executables.run("campaign-submit", common + ["--test"], environment: sandbox.environment)
        #expect(again.status == 0 && again.stdout.contains("nothing new was sent"), "\(again.stdout)")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 1)
        #expect(
            try Executables.run("campaign-submit", common + ["--test", "--test-again"], environment: sandbox.environment).status
                == 0)
        campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 2)

        // The real send, then the report: 30 records, the tests in none of them.
        #expect(try Executables.run("campaign-submit", common, environment: sandbox.environment).status == 0)
        #expect(try await Support.sandboxCampaigns(sandbox).count == 3)
        try await Support.advanceToSchedules(sandbox)
        #expect(
            try Executables.run("campaign-report", common + ["--timeout", "60"], environment: sandbox.environment).status == 0)
        let rows = try Support.csvRows(common[3] + "/report.csv")
        #expect(rows.count == 30)
        #expect(!rows.contains { $0.fields[3].value.hasSuffix("9999991") })
    }

    @Test(
        "fix.csv of a CSV, a JSON and an XML input holds the input's own columns and one row per data reject; ingested again it reads them",
        arguments: ["csv", "json", "xml"])
    func fixFile(kind: String) async throws {
        let sandbox = try SandboxProcess()
        let (text, phone, order): (String, String, String)
        switch kind {
        case "csv":
            text =
                "order,mobile,first_name,city\nO1,0501234567,Ali,Riyadh\nO2,call me,Sara,Jeddah\nO3,0501234569,,Dammam\nO1,0501234567,Ali,Riyadh\n,0501234570,Omar,Mecca\n"
            (phone, order) = ("mobile", "order")
        case "json":
            text =
                #"[{"order":"O1","contact":{"mobile":"0501234567","first_name":"Ali"}},{"order":"O2","contact":{"mobile":"call me","first_name":"Sara"}},{"order":"","contact":{"mobile":"0501234570","first_name":"Omar"}}]"#
            (phone, order) = ("contact.mobile", "order")
        default:
            text =
                #"<customers><customer id="1"><order>O1</order><mobile>0501234567</mobile><first_name>Ali</first_name></customer><customer id="2"><order>O2</order><mobile>call me</mobile><first_name>Sara</first_name></customer><customer id="3"><order></order><mobile>0501234570</mobile><first_name>Omar</first_name></customer></customers>"#
            (phone, order) = ("mobile", "order")
        }
        let pipeline = try Support.pipeline(
            """
            name: fix-\(kind)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: \(phone), name: \(kind == "json" ? "contact.first_name" : "first_name"), variables: {"1": {value: hi}, "2": \(order), "3": {value: CUBE20}}}
            schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
            reject_limit: 100%
            """)
        let folder = try Support.runDirectory("fix-\(kind)")
        let input = folder + "/input.\(kind)"
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        #expect(try Executables.run("campaign-ingest", common + [input], environment: sandbox.environment).status == 0)
        let validated = try Executables.run("campaign-validate", common, environment: sandbox.environment)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("fix 1 phone number, 1 empty order"), "\(validated.stdout)")
        let rows = try Support.csvRows(folder + "/run/fix.csv")
        #expect(rows.count == 2, "a data reject each; the duplicate is not one")
        let header = rows.first?.fields.map(\.name) ?? []
        #expect(header.suffix(2) == ["reason", "message"])
        switch kind {
        case "csv": #expect(Array(header.dropLast(2)) == ["order", "mobile", "first_name", "city"])
        case "json": #expect(Array(header.dropLast(2)) == ["order", "contact.mobile", "contact.first_name"])
        // A leading @ is a formula to a spreadsheet: the name is kept safe, as every cell is.
        default: #expect(Array(header.dropLast(2)) == ["'@id", "order", "mobile", "first_name"])
        }
        #expect(rows.map { $0.fields[header.count - 2].value } == ["invalid_phone", "missing_variable"])

        // Without the columns in run.json (an input of too many to list) the file is written from the artifacts: the same bytes.
        let written = try Data(contentsOf: URL(fileURLWithPath: folder + "/run/fix.csv"))
        let manifestPath = folder + "/run/run.json"
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
        manifest["inputs"] = (manifest["inputs"] as? [[String: Any]] ?? []).map { input in input.filter { $0.key != "columns" } }
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
        #expect(try Executables.run("campaign-validate", common, environment: sandbox.environment).status == 0)
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: folder + "/run/fix.csv"))
        #expect(rewritten == written || kind != "csv", "the CSV's columns are its header either way")
        #expect(try Support.csvRows(folder + "/run/fix.csv").count == 2)

        // Corrected in a spreadsheet, it goes in again with the same pipeline.
        let again = ["--pipeline", pipeline, "--run", folder + "/fixed"]
        let reread = try Executables.run("campaign-ingest", again + [folder + "/run/fix.csv"], environment: sandbox.environment)
        #expect(reread.status == 0, "\(reread.stderr)")
        #expect(reread.stdout.contains("ingested 2 records"), "\(reread.stdout)")
    }

    @Test("the sandbox serves bodies from --template NAME:LANG:PARAMS:BODY and --templates FILE; the client reads them")
    func sandboxTemplates() async throws {
        let file = try Support.runDirectory("templates") + "/templates.json"
        try
            #"[{"name": "welcome", "language": "en_US", "params_count": 1, "body": "Welcome {{1}}: see you soon", "header": "Hello"}]"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let sandbox = try SandboxProcess(["--template", "offer:ar:2:عرض {{1}}: {{2}}", "--templates", file])
        let client = CubeClient(
            configuration: CubeConfiguration(baseURL: sandbox.baseURL, apiKey: "sandbox-key", requestTimeout: 30))
        let templates = try await client.templates(account: "sandbox-account")
        #expect(templates.map(\.name) == ["offer", "welcome"])
        #expect(templates.first?.body == "عرض {{1}}: {{2}}", "a colon in the body is the body's")
        #expect(templates.last?.header == "Hello" && templates.last?.paramsCount == 1)
        let bad = try Executables.run("cube-sandbox", ["--port", "0", "--templates", file + ".missing"])
        #expect(bad.status == 64, "\(bad.stderr)")
    }
}
