import Foundation
import Testing

/// A flag that makes no sense is the caller's to fix: every executable exits 64 for it, whether
/// the argument parser sees it, a command's `validate()`, or the body once it knows the pipeline.
/// A scheduler retries 69 and 75 for ever; it must never be told that about a typo.
@Suite("End to end: bad flags exit 64")
struct UsageTests {
    static let cases: [(String, [String])] = [
        ("campaign-ingest", ["--no-such-flag"]),
        ("campaign-ingest", ["--run", "runs/x", "input.csv"]),
        ("campaign-ingest", ["--pipeline", "p.yaml", "--run", "runs/x", "--encoding", "klingon", "input.csv"]),
        ("campaign-ingest", ["--pipeline", "p.yaml", "--run", "runs/x", "--delimiter", "x", "input.csv"]),
        ("campaign-ingest", ["--pipeline", "p.yaml", "--run", "runs/x"]),
        ("campaign-validate", ["--pipeline", "p.yaml"]),
        ("campaign-validate", ["--pipeline", "p.yaml", "--run", "runs/x", "--unknown"]),
        ("campaign-submit", ["--pipeline", "p.yaml", "--run", "runs/x", "--dry-run", "--cancel"]),
        ("campaign-submit", ["--pipeline", "p.yaml", "--run", "runs/x", "--test-again"]),
        ("campaign-report", ["--pipeline", "p.yaml", "--run", "runs/x", "--timeout", "0"]),
        ("campaign-report", ["--pipeline", "p.yaml", "--run", "runs/x", "--listen", "nonsense"]),
        ("campaign-inbox", ["--spool", "s", "--pipelines", "p", "--interval", "0"]),
        ("campaign-inbox", ["--spool", "s", "--pipelines", "p", "--allow-resend", "abc"]),
        ("campaign-inbox", ["--spool", "s", "--pipelines", "p", "--metrics", "9464"]),
        ("campaign-history", ["status", "--no-such-flag"]),
        ("campaign-history", ["opt-outs", "add", "0501234567", "--reason", "x"]),
        ("campaign-history", ["retention", "--keep-sends", "30x"]),
        ("campaign-history", ["retention", "--keep-sends", "0d"]),
        ("campaign-history", ["forget"]),
        ("cube-sandbox", ["--failure-rate", "2"]),
    ]

    @Test("each executable's bad flags exit 64", arguments: Self.cases)
    func badFlag(executable: String, arguments: [String]) throws {
        let result = try Executables.run(
            executable, arguments, environment: ["CUBE_STATE_DIR": NSTemporaryDirectory() + "usage-state"])
        #expect(result.status == 64, "\(executable) \(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("submit --test without test_recipients in the pipeline exits 64, naming the pipeline, and sends nothing")
    func testWithoutRecipients() async throws {
        let sandbox = try SandboxProcess()
        let folder = try Support.runDirectory("usage-test")
        let input = folder + "/input.csv"
        try Support.recipientsCSV(count: 3).write(toFile: input, atomically: true, encoding: .utf8)
        let pipeline = try HistoryTests.pipeline("usage")
        let common = ["--pipeline", pipeline, "--run", folder + "/run"]
        #expect(try Executables.run("campaign-ingest", common + [input], environment: sandbox.environment).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: sandbox.environment).status == 0)
        let test = try Executables.run("campaign-submit", common + ["--test"], environment: sandbox.environment)
        #expect(test.status == 64, "\(test.stderr)")
        #expect(test.stderr.contains("test_recipients") && test.stderr.contains(pipeline), "\(test.stderr)")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }
}
