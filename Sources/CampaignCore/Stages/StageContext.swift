public import CubeAPI
import Foundation
public import Logging
public import RunArtifacts

/// What a stage runs with: the pipeline, the run, where its words go, the API and the stop. The
/// executables build one from their flags (`StageOptions.context`) and the inbox from the run it
/// drives; every stage is then made from it by the same call (`IngestStage(context)`,
/// `ValidateStage.prepared(context)`, `SubmitStage(context)`, `ReportStage(context, options:)`), so
/// neither side holds a copy of the other's wiring.
public struct StageContext: Sendable {
    public var pipeline: Pipeline
    public var directory: RunDirectory
    public var logger: Logger
    /// The API; nil where it could not be configured, which only ingest and validate (its template
    /// fetch is best effort) can go without.
    public var client: CubeClient?
    /// Asked between creates and polls: SIGTERM for an executable, the watcher's stop for the inbox.
    public var stop: StopRequest
    /// Where a stage's progress lines go (submit's `part 3: created …`): stdout for a person, the log for the watcher.
    public var output: @Sendable (String) -> Void

    public init(
        pipeline: Pipeline, directory: RunDirectory, logger: Logger, client: CubeClient?, stop: StopRequest = StopRequest(),
        output: @escaping @Sendable (String) -> Void = { print($0) }
    ) {
        self.pipeline = pipeline
        self.directory = directory
        self.logger = logger
        self.client = client
        self.stop = stop
        self.output = output
    }

    /// The API, for a stage that cannot run without it.
    public func requireClient() throws -> CubeClient {
        if let client = self.client { return client }
        return try CubeClient.fromEnvironment()
    }
}

extension IngestStage {
    public init(_ context: StageContext) {
        self.init(pipeline: context.pipeline, directory: context.directory, logger: context.logger)
    }
}

extension ValidateStage {
    /// Validate with the template's text when the API gives it (`template.json` kept for the run).
    public static func prepared(_ context: StageContext) async -> ValidateStage {
        var stage = ValidateStage(pipeline: context.pipeline, directory: context.directory, logger: context.logger)
        stage.template = await TemplateFetch.forValidate(
            pipeline: context.pipeline, directory: context.directory, client: context.client, logger: context.logger)
        return stage
    }
}

extension SubmitStage {
    public init(_ context: StageContext) throws {
        self.init(
            pipeline: context.pipeline, directory: context.directory, client: try context.requireClient(),
            logger: context.logger, output: context.output, stop: context.stop)
    }
}
