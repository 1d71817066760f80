import Foundation
import Testing

/// `campaign-inbox --metrics`: a running watcher scraped with curl, its text checked by `promtool
/// check metrics`, its counters moving as files are dropped, refused and sent.
@Suite("End to end: the watcher's /metrics")
struct InboxMetricsTests {
    /// The watcher's metrics page, fetched with curl as an operator would.
    static func scrape(_ url: String) throws -> String {
        let result = try Executables.runCommand("/usr/bin/curl", ["-sS", "--fail", "--max-time", "10", url])
        #expect(result.status == 0, "curl \(url): \(result.stderr)")
        return result.stdout
    }

    /// The value of an unlabelled series, or nil when the page does not have it.
    static func value(_ name: String, in page: String) -> Double? {
        page.split(separator: "\n").lazy.compactMap { line -> Double? in
            let fields = line.split(separator: " ")
            guard fields.count == 2, fields[0] == name else { return nil }
            return Double(fields[1])
        }.first
    }

    static func promtool(_ page: String) throws -> Executables.Result? {
        let path = try Support.runDirectory("inbox-metrics-page") + "/metrics.txt"
        try page.write(toFile: path, atomically: true, encoding: .utf8)
        return try MetricsTests.promtool(path)
    }

    @Test("curl /metrics passes promtool; claimed, done and failed move when files are dropped; a name not UTF-8 is news")
    func scraped() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0", "--send-rate", "100000"])
        let receiver = try NewsReceiver()
        let pipeline =
            InboxFixture.pipeline("offers", match: ["offers-*.csv"])
            + "\nnotify:\n  - {url: \"\(receiver.url)\", format: json, on: [rejected_file]}\n"
        let fixture = try InboxFixture("metrics", pipelines: ["offers.yaml": pipeline])
        let watcher = try WatcherProcess(
            spool: fixture.spool, pipelines: fixture.pipelines, environment: sandbox.environment,
            arguments: ["--metrics", "127.0.0.1:0", "--settle", "0.3", "--interval", "0.3"])
        var url = ""
        #expect(
            eventually(30) {
                guard let range = watcher.output.range(of: #"http://127\.0\.0\.1:[0-9]+/metrics"#, options: .regularExpression)
                else { return false }
                url = String(watcher.output[range])
                return true
            }, "the watcher logs where its metrics are: \(watcher.output)")

        let empty = try Self.scrape(url)
        for name in ["cube_inbox_files_claimed_total", "cube_inbox_files_done_total", "cube_inbox_files_failed_total"] {
            #expect(Self.value(name, in: empty) == 0, "\(name) before any file: \(empty)")
        }
        #expect(empty.contains("# HELP cube_inbox_files_claimed_total "), "every series has its help line")
        let firstCheck = try #require(try Self.promtool(empty), "promtool is installed by make deps")
        #expect(firstCheck.status == 0, "\(firstCheck.stdout)\(firstCheck.stderr)")

        try fixture.drop("offers-monday.csv", Support.recipientsCSV(count: 5))
        try fixture.drop("nobody-wants-this.csv", "a,b\n1,2\n")
        // A name that is not UTF-8 (Latin-1 é): written under a plain name, then renamed to the raw bytes.
        try fixture.drop("offers-latin.csv", Support.recipientsCSV(count: 3, first: 100))
        let raw = Array((fixture.inbox + "/offers-caf").utf8) + [0xE9] + Array(".csv".utf8)
        #expect(rename(fixture.inbox + "/offers-latin.csv", raw.map { CChar(bitPattern: $0) } + [0]) == 0)

        var page = ""
        let settled = try eventually(60) {
            page = try Self.scrape(url)
            return Self.value("cube_inbox_files_done_total", in: page) == 1
                && Self.value("cube_inbox_files_failed_total", in: page) == 2
        }
        #expect(settled, "one file sent, two refused: \(page)")
        #expect(Self.value("cube_inbox_files_claimed_total", in: page) == 1, "only the routed UTF-8 file is claimed")
        #expect(Self.value("cube_inbox_files_waiting", in: page) == 0)
        #expect(Self.value("cube_inbox_runs_in_progress", in: page) == 0)
        let age = try #require(Self.value("cube_inbox_seconds_since_last_pass", in: page))
        #expect(age >= 0 && age < 30, "the watcher passes every 0.3 s: \(age)")
        let lastCheck = try #require(try Self.promtool(page))
        #expect(lastCheck.status == 0, "\(lastCheck.stdout)\(lastCheck.stderr)")

        // Both refusals are news, the unnamed one under the name it has in failed/.
        #expect(eventually(30) { receiver.received.count >= 2 }, "\(receiver.received.count) deliveries")
        let files = receiver.received.compactMap { delivery -> String? in
            let object = try? JSONSerialization.jsonObject(with: delivery.body) as? [String: Any]
            return object?["event"] as? String == "inbox.rejected_file" ? object?["file"] as? String : nil
        }
        #expect(files.sorted() == ["nobody-wants-this.csv", "offers-caf\\xE9.csv"], "\(files)")
        #expect(watcher.terminate() == 0)
    }

    /// A port of 127.0.0.1 held by this test process for as long as the returned descriptor is open.
    static func takenPort() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        try #require(bound, "a loopback port for the test")
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test("a port already taken exits 78 at start, naming it, for the watcher's --metrics and report's --listen")
    func portTaken() async throws {
        let (descriptor, port) = try Self.takenPort()
        defer { close(descriptor) }
        let fixture = try InboxFixture(
            "metrics-port", pipelines: ["offers.yaml": InboxFixture.pipeline("offers", match: ["*.csv"])])
        let environment = ["CUBE_API_KEY": "k", "CUBE_WEBHOOK_SECRET": "s", "CUBE_STATE_DIR": fixture.root + "/state"]
        // Under timeout(1): before this was fixed, report waited for ever for a server that had failed to start.
        let inbox = try Executables.runCommand(
            "/usr/bin/timeout",
            [
                "60", Executables.binDirectory.appendingPathComponent("campaign-inbox").path, "--spool", fixture.spool,
                "--pipelines", fixture.pipelines, "--once", "--metrics", "127.0.0.1:\(port)",
            ],
            environment: environment)
        #expect(inbox.status == 78, "\(inbox.stderr)")
        #expect(inbox.stderr.contains("--metrics cannot listen on 127.0.0.1:\(port)"), "\(inbox.stderr)")
        let run = fixture.root + "/run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let report = try Executables.runCommand(
            "/usr/bin/timeout",
            [
                "60", Executables.binDirectory.appendingPathComponent("campaign-report").path, "--pipeline",
                fixture.pipelines + "/offers.yaml", "--run", run, "--listen", "127.0.0.1:\(port)", "--timeout", "5",
            ],
            environment: environment)
        #expect(report.status == 78, "\(report.stderr)")
        #expect(report.stderr.contains("--listen cannot listen on 127.0.0.1:\(port)"), "\(report.stderr)")
    }
}
