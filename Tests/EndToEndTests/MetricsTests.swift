import Foundation
import Testing

/// `CUBE_METRICS_DIR`: each stage leaves its pipeline's textfile for node_exporter, which
/// `promtool check metrics` (Debian's prometheus package, installed by `make deps`) accepts.
@Suite("End to end: metrics for node_exporter's textfile collector")
struct MetricsTests {
    static func pipeline(_ name: String, extra: String = "") throws -> String {
        try Support.plainPipeline(name, extra: extra)
    }

    static func promtool(_ path: String) throws -> Executables.Result? {
        for candidate in ["/usr/bin/promtool", "/usr/local/bin/promtool"] where FileManager.default.fileExists(atPath: candidate)
        {
            return try Executables.runCommand("/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", candidate, path])
        }
        return nil
    }

    @Test("a run to the end and a failed validate leave two files promtool accepts, each stage's series its own")
    func textfiles() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0.2", "--send-rate", "100000"])
        let metrics = try Support.runDirectory("metrics")
        var env = sandbox.environment
        env["CUBE_METRICS_DIR"] = metrics
        let folder = try Support.runDirectory("metrics-runs")
        try Support.recipientsCSV(count: 20).write(toFile: folder + "/in.csv", atomically: true, encoding: .utf8)
        let good = ["--pipeline", try Self.pipeline("nightly-good"), "--run", folder + "/good"]
        for stage in ["campaign-ingest", "campaign-validate", "campaign-submit", "campaign-report"] {
            let extra = stage == "campaign-ingest" ? [folder + "/in.csv"] : stage == "campaign-report" ? ["--timeout", "60"] : []
            let result = try Executables.run(stage, good + extra, environment: env)
            #expect(result.status == 0, "\(stage): \(result.stderr)")
        }
        try "first_name,mobile,order\nA,12,1\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = ["--pipeline", try Self.pipeline("nightly-bad", extra: "reject_limit: 0"), "--run", folder + "/bad"]
        #expect(try Executables.run("campaign-ingest", bad + [folder + "/bad.csv"], environment: env).status == 0)
        #expect(try Executables.run("campaign-validate", bad, environment: env).status == 65)

        let goodText = try String(contentsOfFile: metrics + "/nightly-good.prom", encoding: .utf8)
        for stage in ["ingest", "validate", "submit", "report"] {
            #expect(goodText.contains("cube_run_last_exit_code{pipeline=\"nightly-good\",stage=\"\(stage)\"} 0"), "\(goodText)")
            #expect(goodText.contains("cube_run_last_success_timestamp_seconds{pipeline=\"nightly-good\",stage=\"\(stage)\"} "))
        }
        let rows = try Support.csvDictionaries(folder + "/good/report.csv")
        for (outcome, count) in Dictionary(grouping: rows, by: { $0["outcome"] ?? "" }).mapValues(\.count) {
            #expect(goodText.contains("cube_run_records{pipeline=\"nightly-good\",outcome=\"\(outcome)\"} \(count)"))
        }
        let badText = try String(contentsOfFile: metrics + "/nightly-bad.prom", encoding: .utf8)
        #expect(badText.contains("cube_run_last_exit_code{pipeline=\"nightly-bad\",stage=\"validate\"} 65"), "\(badText)")
        #expect(!badText.contains("cube_run_last_success_timestamp_seconds{pipeline=\"nightly-bad\",stage=\"validate\"}"))
        #expect(badText.contains("cube_run_last_success_timestamp_seconds{pipeline=\"nightly-bad\",stage=\"ingest\"}"))
        let files = try FileManager.default.contentsOfDirectory(atPath: metrics).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files == ["nightly-bad.prom", "nightly-good.prom"], "no temp file is left: \(files)")
        for file in files {
            let checked = try #require(try Self.promtool(metrics + "/" + file), "promtool is installed by make deps")
            #expect(checked.status == 0, "\(file): \(checked.stdout)\(checked.stderr)")
        }
    }
}
