import ArgumentParser
import CampaignCLI
import CampaignCore
import CubeAPI
import Inbox
import Logging
import Metrics
import MetricsEndpoint
import Prometheus
import RunArtifacts
import Runs
import Sysexits

@main
struct CampaignInbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-inbox",
        abstract: "Watch a spool folder: each export dropped into SPOOL/inbox/ becomes its campaigns and a report, once.",
        discussion: """
            The spool holds inbox/ (drop files here), runs/ (one run directory per file), done/ (the original \
            beside NAME.\(RunFile.report) and NAME.\(RunFile.summary)) and failed/ (the original beside NAME.error.txt, \
            which says what happened and what to do). Folders are created if missing.

            A file is taken once its size and modification time have been still for --settle seconds; hidden \
            and temporary names (.*, *.tmp, *.part, *.crdownload, ~$*) are left alone. It is routed to the \
            first pipeline (by file name) whose inbox.match patterns match, moved into its run directory with \
            one atomic rename, and taken through ingest, validate, submit and report. The run uses a copy of \
            the pipeline made when the file was claimed.

            The same content (sha256) is never sent twice for one pipeline: a second drop goes to failed/. \
            To send it again on purpose, drop it renamed NAME.resend.csv, or pass --allow-resend SHA256. \
            Which content was taken is kept in the contact history (SPOOL/state/history.sqlite, or \
            CUBE_STATE_URL=postgres://…): watchers on several machines sharing one PostgreSQL never send \
            the same file twice, whichever spool it was dropped into.

            SPOOL/index.html lists every run of the spool (campaign-runs index), rewritten when a run changes. \
            With --metrics HOST:PORT the watcher serves GET /metrics for Prometheus: files claimed, done \
            and failed (counters since it started), files waiting, runs in progress, and seconds since the \
            last pass (alert when it grows: the watcher is stuck or gone).

            One watcher per spool (a second one exits 75). SIGTERM or SIGINT stops after the current step; \
            on start, unfinished runs continue from their journals, so nothing is sent twice. Relative paths \
            in pipelines (suppression lists) are relative to the working directory.

            The API: CUBE_BASE_URL (default the local sandbox), CUBE_API_KEY or CUBE_API_KEY_FILE.

            Examples:
              campaign-inbox --spool /srv/campaigns --pipelines pipelines            # watch, poll every 5 s
              campaign-inbox --spool /srv/campaigns --pipelines pipelines --once     # cron: what is there, then exit
              campaign-inbox --spool /srv/campaigns --pipelines pipelines --metrics 127.0.0.1:9464

            Exit codes: 0 stopped or done, 64 usage, 75 another watcher holds the spool, 78 bad pipelines \
            or a --metrics port that cannot be listened on.
            """)

    @Option(help: ArgumentHelp("The spool folder (inbox/, runs/, done/, failed/).", valueName: "DIR")) var spool: String
    @Option(help: ArgumentHelp("The folder of pipeline files (*.yaml).", valueName: "DIR")) var pipelines: String
    @Option(help: "Seconds a file must stay unchanged before it is taken.") var settle: Double = 10
    @Option(help: "Seconds between passes over the spool.") var interval: Double = 5
    @Flag(help: "Handle what is in the spool now, then exit (for cron and timers).") var once = false
    @Flag(help: "Do not wait for campaigns to finish; look at them again on later passes.") var noWaitReport = false
    @Option(help: "Seconds one report step waits for its campaigns.") var reportTimeout: Double = 3600
    @Option(help: ArgumentHelp("Let this content (sha256 from the error note) be sent once more.", valueName: "SHA256"))
    var allowResend: [String] = []
    @Option(
        help: ArgumentHelp(
            "Serve Prometheus metrics at http://HOST:PORT/metrics while watching (port 0: any free one, logged).",
            valueName: "HOST:PORT"))
    var metrics: ListenAddress?
    @Flag(help: "Log debug detail.") var verbose = false

    func validate() throws {
        if self.settle < 0 { throw ValidationError("--settle must be zero or more seconds") }
        if self.interval <= 0 { throw ValidationError("--interval must be positive") }
        if self.reportTimeout <= 0 { throw ValidationError("--report-timeout must be positive") }
        for sha in self.allowResend where sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
            throw ValidationError("--allow-resend wants the 64-character sha256 from the error note, not \(sha)")
        }
    }

    func run() async throws {
        PrivateFiles.apply()
        LogSetup.bootstrap(level: self.verbose ? .debug : .info)
        let logger = Logger(label: "campaign-inbox")
        let stop = StopRequest()
        let trap = SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }
        try await Failure.guarding("campaign-inbox") {
            // The backend before the watcher: its counters are made with it, and bind to what is bootstrapped then.
            let registry = PrometheusCollectorRegistry()
            if self.metrics != nil {
                MetricsSystem.bootstrap(
                    DescribedMetricsFactory(
                        registry: registry,
                        help: Dictionary(InboxMetric.all.map { ($0.name, $0.help) }, uniquingKeysWith: { first, _ in first })))
            }
            var options = InboxOptions()
            options.settle = self.settle
            options.interval = self.interval
            options.once = self.once
            options.noWaitReport = self.noWaitReport
            options.reportTimeout = self.reportTimeout
            options.allowResend = Set(self.allowResend.map { $0.lowercased() })
            let watcher = InboxWatcher(
                spool: try Spool(path: self.spool), pipelines: self.pipelines, client: try CubeClient.fromEnvironment(),
                logger: logger, options: options, stop: stop)
            // SPOOL/index.html: every run of the spool, rewritten when a pass changed one of them.
            var shown: [RunListing]?
            watcher.afterPass = { spool in
                let listings = RunListing.scan([spool.runs])
                guard listings != shown else { return }
                do {
                    try RunsIndexHTML.write(listings, to: spool.path + "/index.html", title: "Inbox runs")
                    shown = listings
                } catch {
                    logger.warning("could not write \(spool.path)/index.html: \(error)")
                }
            }
            var endpoint: MetricsEndpoint?
            if let address = self.metrics {
                let meters = watcher.meters
                let server = MetricsEndpoint(registry: registry, logger: logger, beforeScrape: { meters.refresh() })
                endpoint = server
                watcher.whenLocked = {
                    let port: Int
                    do {
                        port = try await server.start(host: address.host, port: address.port)
                    } catch {
                        throw CampaignError(
                            .config, "--metrics cannot listen on \(address.host):\(address.port): \(error)",
                            hint: "choose another port (0 lets the system choose), or stop what listens there")
                    }
                    logger.info("metrics at http://\(address.host):\(port)/metrics")
                }
            }
            defer { endpoint?.stop() }
            try await watcher.run()
        }
    }
}
