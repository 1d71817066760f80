import CampaignCore
import Foundation
import Reporting
public import RunArtifacts

/// What the inbox knows of one claimed file, kept as `inbox.json` in its run
/// directory and rewritten atomically after every step, so a restarted watcher
/// continues where the last one stopped.
public struct InboxRunState: Codable, Sendable, Equatable {
    public enum Step: String, Codable, Sendable {
        /// The run directory exists; the file may not have been moved in yet.
        case claim, ingest, validate, submit, report
        /// Decided; the original goes to (or is already in) `done/` or `failed/` under `outcome`.
        case done, failed

        public var isOver: Bool { self == .done || self == .failed }
    }

    /// The name as dropped.
    public var file: String
    public var pipeline: String
    /// Where the pipeline came from; the run uses its copy `pipeline.yaml`.
    public var pipelineSource: String
    public var step: Step
    public var claimedAt: String
    public var sha256: String?
    /// This claim's own name in the content ledger, made when the file is claimed: run ids are
    /// folder names, and two machines' watchers name their runs alike. Nil in runs of earlier
    /// versions, which are known by their run id.
    public var claimId: String?
    /// Set when a resend was asked for, by name or by `--allow-resend`.
    public var resend: String?
    /// The last transient failure, retried on later passes.
    public var lastError: String?
    public var attempts: Int = 0
    /// Where the original ended up.
    public var outcome: String?

    enum CodingKeys: String, CodingKey {
        case file, pipeline, step, sha256, resend, attempts, outcome
        case pipelineSource = "pipeline_source"
        case claimedAt = "claimed_at"
        case lastError = "last_error"
        case claimId = "claim_id"
    }

    /// The name this run's claim has in the content ledger.
    public func ledgerId(_ run: RunDirectory) -> String { self.claimId ?? run.runId }

    public static let fileName = RunFile.inboxState.name

    public static func load(_ run: RunDirectory) throws -> InboxRunState? {
        let path = run.file(Self.fileName)
        guard run.exists(path) else { return nil }
        return try ArtifactJSON.read(InboxRunState.self, from: path)
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.file(Self.fileName))
    }
}
