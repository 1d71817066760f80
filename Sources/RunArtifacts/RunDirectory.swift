import Foundation
import Sysexits

/// A run's folder (DESIGN.md §3): every stage reads the artifacts of the stage
/// before it from here and writes its own, atomically.
public struct RunDirectory: Sendable {
    public let path: String

    public init(path: String, create: Bool = true) throws {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        self.path = trimmed
        if create {
            do {
                // Owner only: the run holds people's phone numbers (umask 077 does the same for the files).
                try FileManager.default.createDirectory(
                    atPath: trimmed, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw ArtifactError(
                    file: trimmed, message: "cannot create the run directory (\(error.localizedDescription))",
                    hint: "check the path and the permissions of the folder it is in", status: .usage)
            }
        }
    }

    /// The run id is the folder's name: it goes into campaign names and keys.
    public var runId: String { (self.path as NSString).lastPathComponent }

    public func file(_ name: String) -> String { self.path + "/" + name }

    /// Where `file` is in this run: the one way a stage names a run file.
    public func file(_ file: RunFile) -> String { self.file(file.name) }

    public var manifest: String { self.file(.manifest) }
    public var ingested: String { self.file(.ingested) }
    public var recipients: String { self.file(.recipients) }
    public var rejects: String { self.file(.rejects) }
    public var fix: String { self.file(.fix) }
    public var plan: String { self.file(.plan) }
    public var journal: String { self.file(.journal) }
    public var campaigns: String { self.file(.campaigns) }
    public var results: String { self.file(.results) }
    public var report: String { self.file(.report) }
    public var summary: String { self.file(.summary) }
    public var html: String { self.file(.html) }
    public var failed: String { self.file(.failed) }
    /// Held by whoever writes the run (submit, report, the inbox): one at a time.
    public var lock: String { self.file(.lock) }

    public func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: file) }

    /// Whether submit has written anything: from then on the plan and the recipients are fixed.
    public var hasStartedSubmitting: Bool {
        var info = stat()
        return stat(self.journal, &info) == 0 && info.st_size > 0
    }

    /// Fails with a message that names the stage to run first.
    public func require(_ file: String, from stage: String) throws {
        guard self.exists(file) else {
            throw ArtifactError(
                file: file, message: "is missing", hint: "run \(stage) for this run directory first", status: .usage)
        }
    }
}
