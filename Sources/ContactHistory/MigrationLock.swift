import Foundation

/// An exclusive `flock` on a file of its own beside a SQLite history, held while one process copies
/// and migrates it. Never on the database file itself: closing any descriptor of that file would drop
/// the POSIX locks SQLite holds on it in this process. The lock file is empty and owner-only, and the
/// kernel lets go of it when the process dies, so a migration killed halfway blocks nobody.
enum MigrationLock {
    /// Long enough for the copy of a history of tens of gigabytes.
    static let patience: TimeInterval = 30 * 60

    static func holding<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw HistoryError(store: path, message: "cannot open the migration lock: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // Bounded: a migrator stopped (SIGSTOP, a hung disk) must not hold every stage for ever.
        let deadline = Date().addingTimeInterval(Self.patience)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw HistoryError(store: path, message: "cannot take the migration lock: \(String(cString: strerror(errno)))")
            }
            guard Date() < deadline else {
                throw HistoryError(
                    store: path,
                    message:
                        "another process has been migrating this history for \(Int(Self.patience / 60)) minutes; nothing was read or sent"
                )
            }
            usleep(100_000)
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
