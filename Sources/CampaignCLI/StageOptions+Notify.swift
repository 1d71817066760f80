public import CampaignCore
import Foundation
public import Logging
import Notifications
import RunArtifacts

extension StageOptions {
    /// Runs a stage body and converts its failure (`Failure.guarding`), telling the pipeline's
    /// `notify:` receivers first when it is news (65, 69, 77, 78); a pipeline that cannot be read
    /// has no receivers to tell.
    public func guarding<T>(_ command: String, logger: Logger, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let failure = CampaignError.from(error, doing: command)
            if let pipeline = try? PipelineLoader().load(path: self.pipeline), !pipeline.notify.isEmpty {
                let directory = try? RunDirectory(path: self.run)
                await Notifier(pipeline: pipeline, logger: logger).afterFailure(
                    failure, stage: command, pipeline: pipeline, directory: directory)
            }
            throw Failure.exit(error, command: command)
        }
    }
}
