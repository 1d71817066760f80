public import CampaignCore
public import Foundation
public import RunArtifacts
public import Sysexits

/// One piece of news about a run, as every receiver gets it, whatever its format: what happened, to
/// which run of which pipeline, the counts, and where to look.
public struct RunNews: Sendable, Equatable {
    public var event: NotifyEvent
    public var pipeline: String
    /// The run id; nil for a file the inbox refused before any run.
    public var run: String?
    public var at: Date
    /// By outcome (`finished`), or what a pause judged and cancelled (`paused`).
    public var counts: [String: Int]
    public var byLanguage: [String: [String: Int]]?
    /// Where to read more: the report, the run folder, the note beside a refused file.
    public var location: String?
    /// The stage that failed, its exit code, message and what to do (`failed`); why (`paused`, `rejected_file`).
    public var stage: String?
    public var status: Int?
    public var message: String?
    public var hint: String?
    /// The dropped file's name (`rejected_file`).
    public var file: String?

    public init(
        event: NotifyEvent, pipeline: String, run: String?, at: Date = Date(), counts: [String: Int] = [:],
        byLanguage: [String: [String: Int]]? = nil, location: String? = nil, stage: String? = nil, status: Int? = nil,
        message: String? = nil, hint: String? = nil, file: String? = nil
    ) {
        self.event = event
        self.pipeline = pipeline
        self.run = run
        self.at = at
        self.counts = counts
        self.byLanguage = byLanguage
        self.location = location
        self.stage = stage
        self.status = status
        self.message = message
        self.hint = hint
        self.file = file
    }

    /// The report accounted for every record.
    public static func finished(_ summary: ReportSummary, pipeline: String, directory: RunDirectory) -> RunNews {
        RunNews(
            event: .finished, pipeline: pipeline, run: summary.runId, counts: summary.byOutcome,
            byLanguage: summary.byLanguage, location: directory.report)
    }

    /// Auto-pause, or a failed canary, cancelled what had not started.
    public static func paused(_ decision: AutoPauseDecision, message: String, pipeline: String, directory: RunDirectory)
        -> RunNews
    {
        RunNews(
            event: .paused, pipeline: pipeline, run: directory.runId,
            counts: [
                "failed": decision.failed, "finished": decision.finished, "cancelled_parts": decision.cancelled.count,
                "cancelled_recipients": decision.recipients,
            ],
            location: directory.path, message: message)
    }

    /// A stage that ended with 65, 69, 77 or 78; nil for any other ending (75 is "try again later", not a failure).
    public static func failed(stage: String, error: CampaignError, pipeline: String, run: String?, location: String?)
        -> RunNews?
    {
        guard Self.failures.contains(error.status) else { return nil }
        return RunNews(
            event: .failed, pipeline: pipeline, run: run, location: location, stage: stage,
            status: Int(error.status.rawValue), message: error.message, hint: error.hint)
    }

    /// The exit codes that are news: a person must act.
    static let failures: Set<ExitStatus> = [.dataError, .unavailable, .notPermitted, .config]

    /// Whether a stage ending with `status` is a failure a person must act on (75 is not).
    public static func isNews(_ status: ExitStatus) -> Bool { Self.failures.contains(status) }

    /// The inbox moved a dropped file to `failed/`.
    public static func rejectedFile(_ name: String, why: String, pipeline: String, note: String?) -> RunNews {
        RunNews(event: .rejectedFile, pipeline: pipeline, run: nil, location: note, message: why, file: name)
    }
}
