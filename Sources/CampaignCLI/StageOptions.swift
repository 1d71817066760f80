public import ArgumentParser
public import CampaignCore
import CubeAPI
import Foundation
public import Logging
public import RunArtifacts
import Sysexits

/// The two arguments every stage takes (DESIGN.md §5).
public struct StageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The pipeline file.", valueName: "pipelines/NAME.yaml"))
    public var pipeline: String

    @Option(name: .long, help: ArgumentHelp("The run directory; its name is the run id.", valueName: "runs/ID"))
    public var run: String

    @Flag(name: .long, help: "Log debug detail.")
    public var verbose = false

    public init() {}

    public func load() throws -> (Pipeline, RunDirectory) {
        PrivateFiles.apply()
        return (try PipelineLoader().load(path: self.pipeline), try RunDirectory(path: self.run))
    }

    /// How a command uses the API: ingest never, validate when it is configured (the template's
    /// text, best effort), submit and report always (a missing key is their error, 78).
    public enum APIUse: Sendable {
        case none, ifConfigured, required
    }

    /// The pipeline, the run and the API as this command's flags and environment give them: what
    /// every stage is made from, as the inbox makes them from the run it drives.
    public func context(logger: Logger, api: APIUse, stop: StopRequest = StopRequest()) throws -> StageContext {
        let (pipeline, directory) = try self.load()
        let client: CubeClient? =
            switch api {
            case .none: nil
            case .ifConfigured: try? CubeClient.fromEnvironment()
            case .required: try CubeClient.fromEnvironment()
            }
        return StageContext(pipeline: pipeline, directory: directory, logger: logger, client: client, stop: stop)
    }

    public func logger(_ label: String) -> Logger {
        LogSetup.bootstrap(level: self.verbose ? .debug : .info)
        return Logger(label: label)
    }
}

/// Turns any failure into its message on stderr and a sysexits exit code.
public enum Failure {
    public static func exit(_ error: any Error, command: String) -> ExitCode {
        if let code = error as? ExitCode { return code }
        // A flag that makes no sense here is the caller's to fix, never a reason to retry (64, as the parser's own).
        if let usage = error as? ValidationError {
            FileHandle.standardError.write(
                Data("\(command): error: \(usage.message)\n  → see \(command.split(separator: " ").first ?? "") --help\n".utf8))
            return ExitCode(ExitStatus.usage.rawValue)
        }
        let failure = CampaignError.from(error, doing: command)
        FileHandle.standardError.write(
            Data("\(command): error: \(ControlCharacters.visible(failure.description, lines: true))\n".utf8))
        return ExitCode(failure.status.rawValue)
    }

    /// Runs a stage body and converts its failure.
    public static func guarding<T>(_ command: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw Self.exit(error, command: command)
        }
    }
}
