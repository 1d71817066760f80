import Foundation
import Testing

/// Workbooks written by real office software through the real `campaign-ingest`
/// and `campaign-validate`: the sheet chosen, and the E.164 numbers validate
/// makes of cells Excel and Calc turned into numbers.
@Suite("End to end: workbooks and column names")
struct WorkbookTests {
    static func pipeline(phone: String, name: String, order: String) throws -> String {
        try Support.pipeline(
            """
            name: workbooks
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping:
              phone: \(phone)
              name: \(name)
              variables:
                "1": \(name)
                "2": \(order)
                "3": {value: X}
            phone: {region: SA, accept: valid}
            reject_limit: 100%
            """)
    }

    struct Validated {
        var phones: [String]
        var manifest: [String: Any]
    }

    func validate(_ fixture: String, pipeline: String) throws -> Validated {
        let run = try Support.runDirectory("workbook")
        let common = ["--pipeline", pipeline, "--run", run]
        let ingest = try Executables.run("campaign-ingest", common + [HostileInputTests.workbook(fixture)])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common)
        #expect(validate.status == 0, "\(validate.stderr)")
        let lines = try String(contentsOfFile: run + "/recipients.ndjson", encoding: .utf8).split(separator: "\n")
        let phones = try lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object?["phone"] as? String)
        }
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/run.json"))) as? [String: Any]
        return Validated(phones: phones, manifest: manifest ?? [:])
    }

    func sheet(_ validated: Validated) -> String? {
        ((validated.manifest["inputs"] as? [[String: Any]])?.first)?["sheet"] as? String
    }

    @Test(
        "LibreOffice's .xlsx and .ods: every mobile in E.164, 0509876543 turned into the number 509876543 included",
        arguments: ["customers-libreoffice.xlsx", "customers-libreoffice.ods"])
    func libreOffice(fixture: String) throws {
        let validated = try self.validate(
            fixture, pipeline: try Self.pipeline(phone: "mobile", name: "first_name", order: "order"))
        #expect(validated.phones == ["+966501234567", "+966509876543", "+966551234567", "+966501112222", "+966509998888"])
        #expect(self.sheet(validated) == "customers")
    }

    @Test("openpyxl's two sheets: auto passes the notes sheet by the phone column, typed as people type it")
    func twoSheets() throws {
        let validated = try self.validate(
            "two-sheets-openpyxl.xlsx", pipeline: try Self.pipeline(phone: "mobile_number", name: "NAME", order: "order"))
        #expect(validated.phones == ["+966501234567", "+966501234568", "+966501234569", "+966509876543"])
        #expect(self.sheet(validated) == "Recipients")
    }

    @Test("a mapped column two columns match loosely is a configuration error naming both (78)")
    func ambiguous() throws {
        let run = try Support.runDirectory("ambiguous")
        let input = run + "/../ambiguous-\(UUID().uuidString.prefix(6)).csv"
        try "mobile_number,MOBILE-NUMBER,name,order\n+966501234567,x,Sara,1\n".write(
            toFile: input, atomically: true, encoding: .utf8)
        let common = ["--pipeline", try Self.pipeline(phone: "Mobile Number", name: "name", order: "order"), "--run", run]
        #expect(try Executables.run("campaign-ingest", common + [input]).status == 0)
        let validate = try Executables.run("campaign-validate", common)
        #expect(validate.status == 78)
        #expect(validate.stderr.contains("'mobile_number' and 'MOBILE-NUMBER'"), "\(validate.stderr)")
    }

    @Test("a mapped column no record has is an error listing the file's columns and the closest one (65)")
    func missing() throws {
        let run = try Support.runDirectory("missing-column")
        let common = ["--pipeline", try Self.pipeline(phone: "mobil", name: "first_name", order: "order"), "--run", run]
        #expect(
            try Executables.run("campaign-ingest", common + [HostileInputTests.workbook("customers-libreoffice.xlsx")]).status
                == 0)
        let validate = try Executables.run("campaign-validate", common)
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("has no column 'mobil'"), "\(validate.stderr)")
        #expect(validate.stderr.contains("first_name, mobile, order, amount, joined"), "\(validate.stderr)")
        #expect(validate.stderr.contains("The closest is 'mobile'"), "\(validate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run + "/recipients.ndjson"))
    }
}
