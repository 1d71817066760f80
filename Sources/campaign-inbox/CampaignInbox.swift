import ArgumentParser
import CampaignCLI
import CampaignCore
import CubeAPI
import Inbox
import Runs
import Logging
import RunArtifacts

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

            One watcher per spool (a second one exits 75). SIGTERM or SIGINT stops after the current step; \
            on start, unfinished runs continue from their journals, so nothing is sent twice. Relative paths \
            in pipelines (suppression lists) are relative to the working directory.

            The API: CUBE_BASE_URL (default the local sandbox), CUBE_API_KEY or CUBE_API_KEY_FILE.

            Examples:
              campaign-inbox --spool /srv/campaigns --pipelines pipelines            # watch, poll every 5 s
              campaign-inbox --spool /srv/campaigns --pipelines pipelines --once     # cron: what is there, then exit

            Exit codes: 0 stopped or done, 64 usage, 75 another watcher holds the spool, 78 bad pipelines.
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
            // SPOOL/index.html: every run of the spool, kept up to date after each pass.
            watcher.afterPass = { spool in
                do {
                    try RunsIndexHTML.write(RunListing.scan([spool.runs]), to: spool.path + "/index.html", title: "Inbox runs")
                } catch {
                    logger.warning("could not write \(spool.path)/index.html: \(error)")
                }
            }
            try await watcher.run()
        }
    }
}
