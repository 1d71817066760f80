public import CampaignCore
public import ContactHistory
import Foundation
import RecipientIO
import Reporting
import Sysexits

/// The inbox's folder (DESIGN.md §8): people drop exports into `inbox/`; each
/// claimed file gets a run directory under `runs/`; the original ends in
/// `done/` or `failed/`. The lock lives at the top; the content ledger, in the contact history.
public struct Spool: Sendable {
    public let path: String

    public init(path: String) throws {
        self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        for folder in [self.inbox, self.runs, self.done, self.failed] {
            do {
                // Owner only: exports and reports hold people's phone numbers.
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
                // A folder that was there already is tightened too: droppers get their own way in (docs/operations.md).
                guard chmod(folder, 0o700) == 0 else {
                    throw CampaignError(
                        .config, "\(folder): cannot make the spool folder owner-only (\(String(cString: strerror(errno))))",
                        hint: "run the watcher as the user that owns the spool")
                }
            } catch let error as CampaignError {
                throw error
            } catch {
                throw CampaignError(
                    .config, "\(folder): cannot create the spool folder (\(error.localizedDescription))",
                    hint: "check that the spool path is writable by this user")
            }
        }
    }

    public var inbox: String { self.path + "/inbox" }
    public var runs: String { self.path + "/runs" }
    public var done: String { self.path + "/done" }
    public var failed: String { self.path + "/failed" }
    /// The content ledger of versions before it moved into the contact history; imported once.
    public var ledger: String { self.path + "/ledger.ndjson" }
    /// The contact history of this spool's runs (`state/` in the spool, unless the environment says otherwise),
    /// which also holds the inbox's content ledger.
    public var historyLocation: HistoryLocation { HistoryLocation.from(runDirectory: self.runs + "/run") }
    public var lock: String { self.path + "/.campaign-inbox.lock" }

    /// A name in `folder` that nothing holds yet: the file's own name when free,
    /// else the name prefixed by the run id, so an earlier file is never overwritten.
    /// The name is cut (on a character boundary) so that it and the longest
    /// suffix put after it (`.summary.json`) fit a file name's 255 bytes.
    public func freeName(_ name: String, in folder: String, runId: String) -> String {
        let manager = FileManager.default
        if Self.fitting(name) == name, !manager.fileExists(atPath: folder + "/" + name) { return name }
        var candidate = Self.fitting(runId + "-" + name)
        var counter = 2
        while manager.fileExists(atPath: folder + "/" + candidate) {
            candidate = Self.fitting("\(runId)-\(counter)-\(name)")
            counter += 1
        }
        return candidate
    }

    /// Room kept after a name in done/ and failed/ for `.error.txt`, `.report.csv`, `.summary.json`.
    static let suffixRoom = 16

    static func fitting(_ name: String) -> String {
        let limit = 255 - Self.suffixRoom
        guard name.utf8.count > limit else { return name }
        var result = ""
        var bytes = 0
        for character in name {
            let size = String(character).utf8.count
            if bytes + size > limit { break }
            result.append(character)
            bytes += size
        }
        return result
    }

    /// Renames within the spool (one file system, so atomic) and makes it durable.
    public static func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw CampaignError(
                .unavailable, "cannot move \(from) to \(to): \(String(cString: strerror(errno)))",
                hint: "the spool's folders must be on one file system and writable")
        }
        // The dropper's mode (0644) goes with the file: once taken it holds people's phones, so the owner's only.
        var info = stat()
        if lstat(to, &info) == 0, info.st_mode & S_IFMT == S_IFREG { chmod(to, 0o600) }
        FileIO.syncDirectory(of: to)
        FileIO.syncDirectory(of: from)
    }
}

extension ExclusiveLock {
    /// One watcher per spool.
    public static func spool(_ spool: Spool) throws -> ExclusiveLock {
        try ExclusiveLock(
            path: spool.lock, what: "the spool \(spool.path): a campaign-inbox is already watching it",
            hint: "one watcher per spool: stop the other one first, or let it do the work")
    }
}
