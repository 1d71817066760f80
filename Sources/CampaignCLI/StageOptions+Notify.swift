import ArgumentParser
import CampaignCore
import CubeAPI
import Foundation
public import Logging
import Notifications
import RunArtifacts
import Sysexits

/// What a stage's body tells the wrapper that ends it: a report's records by outcome, for the metrics.
public final class StageEnding: @unchecked Sendable {
    public var records: [String: Int]?

    public init() {}
}

extension StageOptions {
    /// Runs a stage body and converts its failure (`Failure.guarding`), telling the pipeline's
    /// `notify:` receivers first when it is news (65, 69, 77, 78), and leaving the stage's metrics in
    /// `CUBE_METRICS_DIR` however it ended. A pipeline that cannot be read has neither.
    public func guarding<T>(
        _ command: String, logger: Logger, ending: StageEnding = StageEnding(), _ body: () async throws -> T
    ) async throws -> T {
        let started = Date()
        // The run folder as it is, never made here: a stage that failed on a mistyped --run leaves none behind.
        let directory = try? RunDirectory(path: self.run, create: false)
        do {
            let value = try await body()
            self.recordMetrics(command, exitCode: 0, since: started, records: ending.records, logger: logger)
            if let directory { StageFailureRecord.clear(stage: command, in: directory) }
            return value
        } catch {
            let failure = CampaignError.from(error, doing: command)
            if RunNews.isNews(failure.status), let directory, directory.exists(directory.manifest) {
                try? StageFailureRecord(
                    stage: command, status: Int(failure.status.rawValue), message: failure.message, hint: failure.hint,
                    at: Timestamp.utc(Date())
                ).save(directory)
            }
            // Read once for both the receivers and the metrics (the stage's own copy went with its failure).
            let pipeline = try? PipelineLoader().load(path: self.pipeline)
            if let pipeline, !pipeline.notify.isEmpty {
                await Notifier(pipeline: pipeline, logger: logger).afterFailure(
                    failure, stage: command, pipeline: pipeline, directory: directory)
            }
            let exit = Failure.exit(error, command: command)
            self.recordMetrics(
                command, exitCode: exit.rawValue, since: started, records: ending.records, logger: logger, pipeline: pipeline)
            throw exit
        }
    }

    /// `campaign-report` → stage `report` in `<pipeline>.prom`; a metrics folder that cannot be written is a warning.
    func recordMetrics(
        _ command: String, exitCode: Int32, since started: Date, records: [String: Int]?, logger: Logger,
        pipeline known: Pipeline? = nil
    ) {
        guard ProcessInfo.processInfo.environment["CUBE_METRICS_DIR"] != nil,
            let pipeline = known ?? (try? PipelineLoader().load(path: self.pipeline)),
            let metrics = StageMetrics(pipeline: pipeline.name)
        else { return }
        let stage = command.hasPrefix("campaign-") ? String(command.dropFirst(9)) : command
        do {
            try metrics.record(
                stage: stage, exitCode: exitCode, duration: Date().timeIntervalSince(started), records: records)
        } catch {
            logger.warning("could not write the metrics file \(metrics.path): \(error)")
        }
    }
}
