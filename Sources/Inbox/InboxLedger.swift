import CampaignCore
import ContactHistory
import CubeAPI
import Foundation
import Reporting
import Sysexits

/// The inbox's memory of which content went to which pipeline, kept in the
/// contact history so that every watcher sharing the store (two machines on
/// one PostgreSQL) shares it: the same export dropped into either spool is
/// sent once. A content is held from its claim until its run fails before any
/// create was tried. Opened for each use, so a restarted database costs one
/// failed pass, not a stuck watcher.
struct InboxLedger {
    let history: any ContactHistory

    static func open(_ spool: Spool) throws -> InboxLedger {
        do {
            return InboxLedger(history: try spool.historyLocation.open())
        } catch let error as HistoryError {
            throw Self.unavailable(error)
        }
    }

    static func unavailable(_ error: HistoryError) -> CampaignError {
        CampaignError(
            .unavailable, "\(error); no file is taken until it answers",
            hint: "check CUBE_STATE_URL or CUBE_STATE_DIR (docs/operations.md, \"The contact history\")")
    }

    func claim(_ claim: ContentClaim, override: String?) throws -> ContentClaim {
        try self.guarded { try self.history.claimContent(claim, override: override) }
    }

    func release(pipeline: String, sha256: String, claimId: String) throws {
        try self.guarded {
            try self.history.releaseContent(pipeline: pipeline, sha256: sha256, claimId: claimId, at: Timestamp.utc(Date()))
        }
    }

    /// Where a claim was made, for the note the losing watcher leaves: `host:spool`.
    static func place(_ spool: Spool) -> String {
        ProcessInfo.processInfo.hostName + ":" + spool.path
    }

    /// A spool's `ledger.ndjson` from before the ledger moved into the store: its holds are
    /// claimed in the store once (a content some other run already holds there stays that
    /// run's), then the file is renamed `ledger.ndjson.imported` and never read again.
    static func importFile(of spool: Spool) throws -> Int {
        // Only a spool that has the old file needs the store at start: one that is down must not stop the watcher.
        guard FileManager.default.fileExists(atPath: spool.ledger) else { return 0 }
        return try Self.open(spool).importFile(of: spool)
    }

    func importFile(of spool: Spool) throws -> Int {
        guard FileManager.default.fileExists(atPath: spool.ledger) else { return 0 }
        let file = try ContentLedger(path: spool.ledger)
        let holds = file.holds
        for entry in holds {
            _ = try self.claim(
                ContentClaim(
                    pipeline: entry.pipeline, sha256: entry.sha256, claimId: entry.run, run: entry.run,
                    place: Self.place(spool), file: entry.file, at: entry.at), override: nil)
        }
        guard rename(spool.ledger, spool.ledger + ".imported") == 0 else {
            throw CampaignError(
                .unavailable,
                "\(spool.ledger): imported into the contact history but cannot be renamed (\(String(cString: strerror(errno))))",
                hint: "rename it to ledger.ndjson.imported by hand")
        }
        return holds.count
    }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as HistoryError {
            throw Self.unavailable(error)
        }
    }
}
