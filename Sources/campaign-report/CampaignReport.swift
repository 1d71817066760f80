import ArgumentParser
import CampaignCLI
import CampaignCore
import CampaignWebhooks
import CubeAPI
import Notifications
import Foundation
import Reporting
import RunArtifacts
import Sysexits

@main
struct CampaignReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-report",
        abstract: "Poll the run's campaigns, fetch per-recipient results and write the report.",
        discussion: """
            Writes RUN/\(RunFile.report) (one row per input record: sent, failed, pending, cancelled, rejected, \
            duplicate, suppressed or not_submitted), RUN/\(RunFile.summary) (counts that add up to the records \
            read), RUN/\(RunFile.html) (a self-contained page), RUN/\(RunFile.failed) (transient failures in the \
            input's own columns; resend them with campaign-ingest --retry-of RUN), and RUN/\(RunFile.campaigns) \
            and RUN/\(RunFile.results). Outcomes and opt-outs go into the contact history.

            With max_failure_rate: 20% in the pipeline, once more than that share of the run's finished \
            recipients (at least 20) has failed while polling, every part that has not started (scheduled \
            for later, tomorrow's tier) is cancelled as campaign-submit --cancel would, the report is \
            written, and the exit is 65 naming what was cancelled and why.

            Examples:
              campaign-report --pipeline p.yaml --run runs/x
              campaign-report --pipeline p.yaml --run runs/x --no-wait  # 75: not yet

            Exit codes: 0 all campaigns finished and the report written, 65 auto-paused, 75 not yet, \
            69 API unreachable, 77 key refused.
            """)

    @OptionGroup var stage: StageOptions
    @Flag(help: "Write what is known now; exit 75 while campaigns are still running.") var noWait = false
    @Option(help: "Seconds to wait for campaigns to finish.") var timeout: Double = 3600
    @Option(help: "Which results to fetch (overrides report.fetch).") var fetch: Pipeline.FetchMode?
    @Flag(help: "Start \(RunFile.report) with a UTF-8 BOM (for Excel).") var bom = false
    @Option(
        help: ArgumentHelp(
            "Receive campaign webhooks here while waiting (signing secret from CUBE_WEBHOOK_SECRET).",
            valueName: "HOST:PORT"))
    var listen: ListenAddress?

    func validate() throws {
        if self.timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if self.listen != nil {
            guard !(ProcessInfo.processInfo.environment["CUBE_WEBHOOK_SECRET"] ?? "").isEmpty else {
                throw ValidationError("--listen needs the signing secret in CUBE_WEBHOOK_SECRET")
            }
        }
    }

    func run() async throws {
        let logger = self.stage.logger("campaign-report")
        let ending = StageEnding()
        try await self.stage.guarding("campaign-report", logger: logger, ending: ending) {
            let context = try self.stage.context(logger: logger, api: .required)
            let directory = context.directory
            let options = ReportStage.Options(wait: !self.noWait, timeout: self.timeout, bom: self.bom, fetch: self.fetch)
            var stage = try ReportStage(context, options: options)
            var listener: WebhookListener?
            if let listen = self.listen {
                let receiver = WebhookListener(
                    secret: ProcessInfo.processInfo.environment["CUBE_WEBHOOK_SECRET"] ?? "",
                    logger: logger)
                do {
                    try await receiver.start(host: listen.host, port: listen.port)
                } catch {
                    throw CampaignError(
                        .config, "--listen cannot listen on \(listen.host):\(listen.port): \(error)",
                        hint: "choose another port, or stop what listens there")
                }
                listener = receiver
                stage.options.listening = true
                stage.completedByWebhook = { receiver.takeCompleted() }
            }
            defer { listener?.stop() }
            let (completion, summary) = try await stage.run()
            ending.records = summary.byOutcome
            print(RunDigest.text(manifest: try RunManifest.load(directory), summary: summary, directory: directory))
            // The news first: a run still waiting may have been paused already, which is news now.
            let complete: Bool = if case .complete = completion { true } else { false }
            await Notifier(pipeline: context.pipeline, logger: logger).afterReport(
                pipeline: context.pipeline, directory: directory, summary: summary, complete: complete)
            if case .notYet(let why) = completion {
                throw CampaignError(.tryLater, "campaigns are not finished yet: \(why)", hint: "run campaign-report again later")
            }
        }
    }
}
