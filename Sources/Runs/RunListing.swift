public import Foundation
import CubeAPI
import Inbox
import RunArtifacts

/// One run folder as `campaign-runs` lists it: what ran, when it was planned, where it stands and
/// its counts, read from the run's own files (never from the API: a list of last night's runs must
/// work with the API down).
public struct RunListing: Sendable, Codable, Equatable {
    public var run: String
    public var path: String
    public var pipeline: String
    /// When the plan was made (UTC); nil before submit (or a dry run).
    public var planned: String?
    public var status: RunState
    /// The next start a waiting run waits for (UTC).
    public var next: String?
    public var records: Int
    public var sent: Int
    public var failed: Int
    public var rejected: Int
    /// Why a failed run failed, or why a paused one paused.
    public var why: String?
    /// The run's pages and error text that exist, relative to the run folder.
    public var links: [String]

    /// The listing of the run in `path`; nil when it is no run folder (no run.json).
    public static func read(_ path: String, now: Date = Date()) -> RunListing? {
        guard let run = try? RunDirectory(path: path, create: false), run.exists(run.manifest),
            let manifest = try? RunManifest.load(run)
        else { return nil }
        let plan = (try? BatchPlan.load(run)) ?? nil
        let summary = try? ArtifactJSON.read(ReportSummary.self, from: run.summary)
        let snapshots = (try? ArtifactJSON.read([CampaignSnapshot].self, from: run.campaigns)) ?? []
        let failure = StageFailureRecord.load(run)
        let inbox = (try? InboxRunState.load(run)) ?? nil
        let pause = (try? AutoPauseDecision.load(run)) ?? nil
        let journal = (try? Journal(path: run.journal).events) ?? []
        let counts = summary?.byOutcome ?? [:]
        var listing = RunListing(
            run: run.runId, path: path, pipeline: manifest.pipeline?.name ?? plan?.pipeline ?? "?", planned: plan?.plannedAt,
            status: .ready, next: nil, records: summary?.records ?? manifest.stages.ingest?.records ?? 0,
            sent: counts["sent"] ?? 0, failed: counts["failed"] ?? 0,
            rejected: counts["rejected"] ?? manifest.stages.validate?.rejected ?? 0, why: nil,
            links: [RunFile.html, RunFile.preview, RunFile.lastError, RunFile.report].map(\.name).filter {
                run.exists(run.file(RunFile($0)))
            })
        let open = snapshots.filter { !$0.status.isTerminal }
        let future = open.compactMap { $0.scheduledAt.flatMap { Timestamp.parse($0) } }.filter { $0 > now }
        if let pause {
            listing.status = .paused
            listing.why = "\(pause.failed) of \(pause.finished) failed; \(pause.cancelled.count) part(s) cancelled"
        } else if let failure {
            listing.status = .failed
            listing.why = "\(failure.stage) exited \(failure.status): \(failure.message)"
        } else if inbox?.step == .failed {
            listing.status = .failed
            listing.why = inbox?.lastError
        } else if summary?.addsUp == true, !snapshots.isEmpty, open.isEmpty {
            listing.status = .done
        } else if !future.isEmpty, future.count == open.count || open.allSatisfy({ $0.scheduledAt != nil }) {
            listing.status = .waiting
            listing.next = future.min().map(Timestamp.utc)
        } else if !journal.isEmpty {
            listing.status = .sending
        }
        return listing
    }

    /// Every run folder in `folders` (each a run, or a folder of runs), newest first by when it was planned.
    public static func scan(_ folders: [String], now: Date = Date()) -> [RunListing] {
        var listings: [RunListing] = []
        for folder in folders {
            if let listing = Self.read(folder, now: now) {
                listings.append(listing)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            listings += names.sorted().compactMap { Self.read(folder + "/" + $0, now: now) }
        }
        return listings.sorted { ($0.planned ?? "", $0.run) > ($1.planned ?? "", $1.run) }
    }
}
