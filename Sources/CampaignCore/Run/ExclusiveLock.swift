import Foundation
public import RunArtifacts
import Sysexits

/// One holder at a time: an exclusive `flock` on a lock file (a spool's, a run
/// directory's). The kernel drops the lock when the process dies, even by
/// SIGKILL, so a restart never finds a stale lock to clean up by hand. The
/// holder's pid is written into the file so a refusal can name it.
///
/// Within one process the lock is shared: the inbox holds a run's lock while it
/// works on the run and calls the stages in process, which take it again. (A
/// second `flock` on another descriptor of the same file would refuse its own
/// process.)
public final class ExclusiveLock: @unchecked Sendable {
    private static let registry = NSLock()
    nonisolated(unsafe) private static var held: [String: (descriptor: Int32, holders: Int)] = [:]

    public let path: String

    /// Takes the lock or fails at once with exit 75, naming `what` and the holder's pid.
    /// - Parameters:
    ///   - what: what is locked, for the message (`run runs/x`, `spool /srv/campaigns`).
    ///   - hint: what the refused user should do.
    public init(path: String, what: String, hint: String) throws {
        self.path = path
        try Self.registry.withLock {
            if let entry = Self.held[path] {
                Self.held[path] = (entry.descriptor, entry.holders + 1)
                return
            }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                throw CampaignError(.config, "\(path): cannot open the lock file (\(String(cString: strerror(errno))))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 || Self.freedSoon(fd) else {
                let holder = Self.holder(fd)
                close(fd)
                throw CampaignError(
                    .tryLater, "another process\(holder.isEmpty ? "" : " (pid \(holder))") is working on \(what)",
                    hint: hint)
            }
            let pid = Array("\(getpid())\n".utf8)
            _ = pwrite(fd, pid, pid.count, 0)
            _ = ftruncate(fd, off_t(pid.count))
            Self.held[path] = (fd, 1)
        }
    }

    /// Whether a lock held with no pid in the file is let go within half a second. A holder empties
    /// the file as it releases, but a child this process is starting (`fork` before `exec`) holds a
    /// copy of the descriptor for an instant and with it the lock: a stage that releases the run and
    /// takes it again at once must not be refused by its own process's child.
    private static func freedSoon(_ fd: Int32) -> Bool {
        for _ in 0..<20 {
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_size == 0 else { return false }
            usleep(25_000)
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
        }
        return false
    }

    /// The pid the holder wrote. A holder that took the lock an instant ago may not have
    /// written it yet, so an empty file is read again for a moment before giving up.
    private static func holder(_ fd: Int32) -> String {
        for _ in 0..<20 {
            var bytes = [UInt8](repeating: 0, count: 32)
            let size = bytes.count
            let count = pread(fd, &bytes, size, 0)
            let text = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
            usleep(25_000)
        }
        return ""
    }

    deinit {
        Self.registry.withLock {
            guard let entry = Self.held[self.path] else { return }
            if entry.holders > 1 {
                Self.held[self.path] = (entry.descriptor, entry.holders - 1)
                return
            }
            Self.held[self.path] = nil
            _ = ftruncate(entry.descriptor, 0)
            close(entry.descriptor)
        }
    }

    /// One writer per run: submit (with --cancel and --resolve), report, and the inbox while it works on the run.
    public static func run(_ run: RunDirectory) throws -> ExclusiveLock {
        try ExclusiveLock(
            path: run.lock, what: "the run \(run.path)",
            hint: "wait for it to finish (or stop it), then run the same command again; nothing was done by this one")
    }
}
