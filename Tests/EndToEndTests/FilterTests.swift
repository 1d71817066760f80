import CubeAPI
import Foundation
import Testing

/// `filter:` against a real sandbox: only the segment meant is sent; the rest is `filtered` in the
/// report, never a data reject (not in fix.csv, not against `reject_limit`).
@Suite("End to end: only the segment meant")
struct FilterTests {
    /// 20 records: 2 in Riyadh or Jeddah with consent (spelt every way), 18 left out by one rule or the other.
    static func csv() -> String {
        var csv = "first_name,mobile,order,City,Consent\n"
        csv += "Kept1,+966500000001,1, riyadh ,yes\n"
        csv += "Kept2,+966500000002,2,JEDDAH,\n"
        for index in 3...20 {
            let (city, consent) = index % 2 == 0 ? ("Dammam", "yes") : ("Riyadh", index % 3 == 0 ? "NO" : " false")
            csv += "Out\(index),+9665000000\(String(format: "%02d", index)),\(index),\(city),\(consent)\n"
        }
        return csv
    }

    static let pipelineText = """
        name: segment
        account: sandbox-account
        template: {name: order_confirmation, language: ar}
        mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
        filter:
          - {column: City, in: [Riyadh, Jeddah]}
          - {column: Consent, not_in: ["no", "false", "0"]}
        phone: {region: SA, accept: possible}
        reject_limit: 5%
        """

    @Test("a 90% filtered export sends the 10% meant, reports the rest as filtered, and trips no reject_limit")
    func segment() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0"])
        let pipeline = try Support.pipeline(Self.pipelineText)
        let folder = try Support.runDirectory("filter")
        try Self.csv().write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let run = folder + "/run"
        let common = ["--pipeline", pipeline, "--run", run]
        let env = sandbox.environment
        #expect(try Executables.run("campaign-ingest", common + [folder + "/input.csv"], environment: env).status == 0)
        let validate = try Executables.run("campaign-validate", common, environment: env)
        #expect(validate.status == 0, "a filtered share of 90% is no reject: \(validate.stderr)")
        #expect(validate.stderr.contains("left out by filter: City in [Riyadh, Jeddah]: 9 record(s)"), "\(validate.stderr)")
        #expect(validate.stderr.contains("left out by filter: Consent not_in [no, false, 0]: 9 record(s)"))
        let dry = try Executables.run("campaign-submit", common + ["--dry-run"], environment: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("City in [Riyadh, Jeddah]: 9 record(s) left out"), "\(dry.stdout)")
        let fix = (try? String(contentsOfFile: run + "/fix.csv", encoding: .utf8)) ?? ""
        #expect(!fix.contains("Out"), "no filtered record is in fix.csv: \(fix)")

        let submit = try Executables.run("campaign-submit", common, environment: env)
        #expect(submit.status == 0, "\(submit.stderr)")
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }.map { $0.filter(\.isNumber) }
        #expect(Set(phones) == ["966500000001", "966500000002"], "only the segment is sent: \(phones)")
        let report = try Executables.run("campaign-report", common + ["--timeout", "60"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.count == 20)
        #expect(rows.filter { $0["outcome"] == "sent" }.count == 2)
        let filtered = rows.filter { $0["outcome"] == "filtered" }
        #expect(filtered.count == 18, "\(rows.map { $0["outcome"] ?? "" })")
        #expect(filtered.allSatisfy { $0["reason"] == "filtered" && ($0["error"] ?? "").hasPrefix("left out by filter: ") })
        let summary = try String(contentsOfFile: run + "/summary.json", encoding: .utf8)
        #expect(summary.contains("\"filtered\""), "\(summary)")
    }

    @Test("a filter column no input has stops validate (65) naming the columns the file has")
    func missingColumn() throws {
        let pipeline = try Support.pipeline(
            Self.pipelineText.replacingOccurrences(of: "column: City", with: "column: Town"))
        let folder = try Support.runDirectory("filter-missing")
        try Self.csv().write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        #expect(try Executables.run("campaign-ingest", common + [folder + "/input.csv"]).status == 0)
        let validate = try Executables.run("campaign-validate", common)
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("has no column 'Town' (filter[1].column)"), "\(validate.stderr)")
        #expect(validate.stderr.contains("first_name, mobile, order, City, Consent"))
    }
}
