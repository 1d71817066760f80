public import CampaignCore
import Foundation
import Reporting
public import Logging
public import RunArtifacts

extension Notifier {
    /// The pipeline's receivers, with the stage's logger.
    public init(pipeline: Pipeline, logger: Logger) {
        self.init(targets: pipeline.notify, logger: logger)
    }

    /// After a report: `paused` once a pause was decided (however the report ended), `finished` once
    /// every record is accounted for. Each goes to a receiver once however often report runs.
    public func afterReport(pipeline: Pipeline, directory: RunDirectory, summary: ReportSummary?, complete: Bool) async {
        guard !self.targets.isEmpty else { return }
        if let decision = try? AutoPauseDecision.load(directory) {
            await self.send(
                .paused(decision, message: AutoPause.message(decision), pipeline: pipeline.name, directory: directory),
                run: directory)
        }
        if complete, let summary, summary.addsUp {
            await self.send(.finished(summary, pipeline: pipeline.name, directory: directory), run: directory)
        }
    }

    /// After a stage failed: `failed` for 65, 69, 77 and 78, unless the report's 65 is a pause (`paused`, once).
    public func afterFailure(_ error: CampaignError, stage: String, pipeline: Pipeline, directory: RunDirectory?) async {
        guard !self.targets.isEmpty, RunNews.isNews(error.status) else { return }
        if stage == "campaign-report" || stage == "report", let directory,
            (try? AutoPauseDecision.load(directory)) != nil
        {
            await self.afterReport(pipeline: pipeline, directory: directory, summary: nil, complete: false)
            return
        }
        guard
            let news = RunNews.failed(
                stage: stage, error: error, pipeline: pipeline.name, run: directory?.runId, location: directory?.path)
        else { return }
        await self.send(news, run: directory)
    }
}
