import CSQLite
import Foundation

/// The history in one SQLite file (the embedded default), through the system's
/// libsqlite3: write-ahead logging, so a submit and a report of two runs can
/// work at once, and a busy timeout, so one waits for the other's transaction
/// rather than failing.
final class SQLiteConnection: SQLConnection {
    let dialect = SQLDialect.sqlite
    let path: String
    var file: String? { self.path }

    /// The database file and its write-ahead log, as `status` reports them.
    var bytesOnDisk: Int? {
        [self.path, self.path + "-wal"].reduce(0) { total, file in
            var info = stat()
            return total + (stat(file, &info) == 0 ? Int(info.st_size) : 0)
        }
    }
    private let database: OpaquePointer

    init(path: String) throws {
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close(handle) }
            throw HistoryError(store: path, message: "cannot open: \(message)")
        }
        self.database = handle
        sqlite3_busy_timeout(handle, 30_000)
        try self.execute("PRAGMA journal_mode=WAL", [])
        try self.execute("PRAGMA synchronous=NORMAL", [])
    }

    deinit {
        sqlite3_close(self.database)
    }

    /// A consistent copy of the whole database at `copy`, through SQLite's online backup API (safe
    /// while other processes use the file), owner-only like the history itself.
    func backup(to copy: String) throws {
        unlink(copy)
        var handle: OpaquePointer?
        guard sqlite3_open_v2(copy, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let handle else {
            if let handle { sqlite3_close(handle) }
            throw HistoryError(store: self.path, message: "cannot create the copy \(copy) before migrating")
        }
        defer { sqlite3_close(handle) }
        chmod(copy, 0o600)
        guard let backup = sqlite3_backup_init(handle, "main", self.database, "main") else {
            throw HistoryError(store: self.path, message: "cannot copy to \(copy): \(String(cString: sqlite3_errmsg(handle)))")
        }
        let stepped = sqlite3_backup_step(backup, -1)
        let finished = sqlite3_backup_finish(backup)
        guard stepped == SQLITE_DONE, finished == SQLITE_OK else {
            throw HistoryError(store: self.path, message: "copying to \(copy) failed: \(String(cString: sqlite3_errmsg(handle)))")
        }
    }

    func zeroDeletedContent() throws {
        try self.execute("PRAGMA secure_delete = ON", [])
    }

    func eraseFreedSpace() throws {
        try self.checkpoint()
        try self.execute("VACUUM", [])
        try self.checkpoint()
    }

    /// Copies the log into the file and truncates it to nothing; refused while another process reads it.
    private func checkpoint() throws {
        let row = try self.execute("PRAGMA wal_checkpoint(TRUNCATE)", []).first
        guard row?.first == "0" else {
            throw HistoryError(
                store: self.path,
                message: """
                    another process has the history open, so its write-ahead log (\(self.path)-wal) could not be emptied; \
                    what was erased may still be in it: run the same command again when no stage or watcher is running
                    """)
        }
    }

    /// The copies taken before migrations: `history.sqlite.before-N` beside the file.
    func copies() -> [String] {
        self.copies(partial: false)
    }

    /// With `partial`, also what a copy killed halfway left (`before-N.partial-PID`): it holds phones too.
    private func copies(partial: Bool) -> [String] {
        let folder = (self.path as NSString).deletingLastPathComponent
        let prefix = (self.path as NSString).lastPathComponent + ".before-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasPrefix(prefix) && (partial || !$0.contains(".partial-"))
        }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    func removeCopies() throws -> [String] {
        try self.copies(partial: true).map { copy in
            try FileManager.default.removeItem(atPath: copy)
            return copy
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(self.database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw self.error("cannot prepare \(sql.prefix(60))")
        }
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() {
            let status: Int32
            if let parameter {
                status = parameter.withCString { csqlite_bind_text(statement, Int32(index + 1), $0, -1) }
            } else {
                status = sqlite3_bind_null(statement, Int32(index + 1))
            }
            guard status == SQLITE_OK else { throw self.error("cannot bind parameter \(index + 1)") }
        }
        var rows: [[String?]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw self.error("\(sql.prefix(60)) failed") }
            let columns = sqlite3_column_count(statement)
            rows.append(
                (0..<columns).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) }
                })
        }
        return rows
    }

    private func error(_ what: String) -> HistoryError {
        HistoryError(store: self.path, message: "\(what): \(String(cString: sqlite3_errmsg(self.database)))")
    }
}
