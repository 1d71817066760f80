import ArgumentParser
import CampaignCLI
import CampaignCore
import Foundation

@main
struct CampaignReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-report",
        abstract: "Poll the run's campaigns, fetch per-recipient results and write the report.",
        discussion: """
            Writes RUN/report.csv (one row per input record: sent, failed, pending, cancelled, rejected,
            duplicate, suppressed or not_submitted), RUN/summary.json (counts that add up to the records
            read), RUN/report.html (a self-contained page), RUN/failed.csv (retryable failures in the
            input's own columns), and RUN/campaigns.json and RUN/results.ndjson.

            Examples:
              campaign-report --pipeline pipelines/demo.yaml --run runs/x
              campaign-report --pipeline pipelines/demo.yaml --run runs/x --no-wait   # exit 75 if not done
            Exit codes: 0 all campaigns finished and the report written, 75 not yet, 69 API unreachable,
            77 key refused.
            """)

    @OptionGroup var stage: StageOptions
    @Flag(help: "Write what is known now; exit 75 while campaigns are still running.") var noWait = false
    @Option(help: "Seconds to wait for campaigns to finish.") var timeout: Double = 3600
    @Option(help: "full | failures | auto (overrides report.fetch).") var fetch: String?
    @Flag(help: "Start report.csv with a UTF-8 BOM (for Excel).") var bom = false

    func validate() throws {
        if let fetch, Pipeline.FetchMode(rawValue: fetch) == nil { throw ValidationError("--fetch must be full, failures or auto") }
        if self.timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let logger = self.stage.logger("campaign-report")
        try await Failure.guarding("campaign-report") {
            let (pipeline, directory) = try self.stage.load()
            var options = ReportStage.Options()
            options.wait = !self.noWait
            options.timeout = self.timeout
            options.bom = self.bom
            options.fetch = self.fetch.flatMap(Pipeline.FetchMode.init(rawValue:))
            let stage = ReportStage(pipeline: pipeline, directory: directory, client: try Failure.client(), logger: logger,
                                    options: options)
            let (completion, summary) = try await stage.run()
            print(RunDigest.text(manifest: try RunManifest.load(directory), summary: summary, directory: directory))
            if case .notYet(let why) = completion {
                throw CampaignError(.tryLater, "campaigns are not finished yet: \(why)", hint: "run campaign-report again later")
            }
        }
    }
}
