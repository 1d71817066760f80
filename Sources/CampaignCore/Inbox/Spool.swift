import Foundation
import RecipientIO

/// The inbox's folder (DESIGN.md §8): people drop exports into `inbox/`; each
/// claimed file gets a run directory under `runs/`; the original ends in
/// `done/` or `failed/`. The ledger and the lock live at the top.
public struct Spool: Sendable {
    public let path: String

    public init(path: String) throws {
        self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        for folder in [self.inbox, self.runs, self.done, self.failed] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CampaignError(.config, "\(folder): cannot create the spool folder (\(error.localizedDescription))",
                                    hint: "check that the spool path is writable by this user")
            }
        }
    }

    public var inbox: String { self.path + "/inbox" }
    public var runs: String { self.path + "/runs" }
    public var done: String { self.path + "/done" }
    public var failed: String { self.path + "/failed" }
    public var ledger: String { self.path + "/ledger.ndjson" }
    public var lock: String { self.path + "/.campaign-inbox.lock" }

    /// A name in `folder` that nothing holds yet: the file's own name when free,
    /// else the name prefixed by the run id, so an earlier file is never overwritten.
    public func freeName(_ name: String, in folder: String, runId: String) -> String {
        let manager = FileManager.default
        if !manager.fileExists(atPath: folder + "/" + name) { return name }
        var candidate = runId + "-" + name
        var counter = 2
        while manager.fileExists(atPath: folder + "/" + candidate) {
            candidate = "\(runId)-\(counter)-\(name)"
            counter += 1
        }
        return candidate
    }

    /// Renames within the spool (one file system, so atomic) and makes it durable.
    public static func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw CampaignError(.unavailable, "cannot move \(from) to \(to): \(String(cString: strerror(errno)))",
                                hint: "the spool's folders must be on one file system and writable")
        }
        FileIO.syncDirectory(of: to)
        FileIO.syncDirectory(of: from)
    }
}
