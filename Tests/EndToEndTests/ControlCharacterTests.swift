import Foundation
import Testing

/// Finding #28.4, reproduced end to end: a name that retitles and clears a terminal passed validate
/// and was printed raw by the dry run; a file name did the same through an error. Now the record is
/// a data reject (in rejects.csv and fix.csv) and nothing the stages print carries the escape.
@Suite("End to end: control characters")
struct ControlCharacterEndToEndTests {
    static let attack = "A\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}[31mB"

    static func hasEscape(_ text: String) -> Bool { text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } }

    @Test("a name with terminal escapes is rejected as control_character, goes to fix.csv, and no output carries the escape")
    func nameWithEscapes() async throws {
        let sandbox = try SandboxProcess()
        let folder = try Support.runDirectory("control")
        let input = folder + "/input.csv"
        try "first_name,mobile,order\n\(Self.attack),+966500000001,O1\nSara,+966500000002,O2\n".write(
            toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try HistoryTests.pipeline("control", extra: "reject_limit: 100%")
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        let ingest = try Executables.run("campaign-ingest", common + [input], environment: sandbox.environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let validate = try Executables.run("campaign-validate", common, environment: sandbox.environment)
        #expect(validate.status == 0, "\(validate.stderr)")
        let rejects = try Support.csvDictionaries(folder + "/run/rejects.csv")
        #expect(rejects.map { $0["reason"] } == ["control_character"])
        #expect(rejects.first?["field"] == "first_name")
        let fix = try String(contentsOfFile: folder + "/run/fix.csv", encoding: .utf8)
        #expect(fix.contains("+966500000001"), "the record to correct is in fix.csv")
        let dry = try Executables.run("campaign-submit", common + ["--dry-run"], environment: sandbox.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        for output in [ingest.stdout, ingest.stderr, validate.stdout, validate.stderr, dry.stdout, dry.stderr] {
            #expect(!Self.hasEscape(output))
        }
    }

    @Test("an input file whose name holds terminal escapes is named shown, not obeyed, in the error")
    func fileNameWithEscapes() throws {
        let folder = try Support.runDirectory("control-name")
        let pipeline = try HistoryTests.pipeline("control")
        let missing = folder + "/export\u{1B}[2J\u{1B}]0;PWNED\u{07}.csv"
        let ingest = try Executables.run("campaign-ingest", ["--pipeline", pipeline, "--run", folder + "/run", missing])
        #expect(ingest.status == 65 || ingest.status == 66, "\(ingest.stderr)")
        #expect(!Self.hasEscape(ingest.stderr), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("\\u{1B}"), "\(ingest.stderr)")
    }
}
