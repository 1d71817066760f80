import Foundation

/// One watcher per spool: an exclusive `flock` on a file at the spool's top.
/// The kernel drops the lock when the process dies, even by SIGKILL, so a
/// restart never finds a stale lock to clean up by hand.
public final class SpoolLock {
    private let descriptor: Int32

    public init(spool: Spool) throws {
        let fd = open(spool.lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CampaignError(.config, "\(spool.lock): cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: spool.lock, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw CampaignError(.tryLater, "another campaign-inbox\(holder.isEmpty ? "" : " (pid \(holder))") is already watching \(spool.path)",
                                hint: "one watcher per spool: stop the other one first, or let it do the work")
        }
        self.descriptor = fd
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
    }

    deinit {
        _ = ftruncate(self.descriptor, 0)
        close(self.descriptor)
    }
}
