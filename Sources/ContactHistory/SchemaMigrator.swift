import Foundation
import Logging

/// Brings a history to `HistorySchema.migrations`: each pending migration in order, each in its
/// own transaction together with its row in `schema_migrations`, so a kill leaves a migration
/// either wholly applied and recorded or not at all. On PostgreSQL every transaction first takes
/// the schema's advisory lock, so two processes starting at once migrate once and the other
/// waits, then finds nothing to do. A history that lists a migration this binary does not know
/// is refused (`HistoryTooNew`) before any of its rows are read.
struct SchemaMigrator {
    let connection: any SQLConnection
    let store: String
    var migrations = HistorySchema.migrations
    var now: @Sendable () -> Date = { Date() }
    /// Where a migration is announced (the copy it took): the process's log.
    var notice: @Sendable (String) -> Void = { Logger(label: "contact-history").notice("\($0)") }

    /// The names applied, in the order they were recorded.
    func applied() throws -> [String] {
        try self.connection.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name", []).compactMap {
            $0.first ?? nil
        }
    }

    /// Applies what is pending; the names it applied.
    @discardableResult
    func migrate() throws -> [String] {
        // SQLite has no advisory lock: stages starting at once on a SQLite history with something pending
        // take turns on a lock file beside it, so the copy is of the history before any of them migrated,
        // and the one that comes second finds nothing pending. Nothing pending (every other day): no lock.
        if let file = self.connection.file, try self.pending() {
            return try MigrationLock.holding(file + ".migrating") { try self.migrateInTurn() }
        }
        return try self.migrateInTurn()
    }

    /// Whether any migration is not yet recorded (a history with no version table has them all pending).
    func pending() throws -> Bool {
        let versioned = try self.connection.execute(self.connection.dialect.tableExists, ["schema_migrations"])
        guard !versioned.isEmpty else { return true }
        return !Set(self.migrations.map(\.name)).isSubset(of: Set(try self.applied()))
    }

    private func migrateInTurn() throws -> [String] {
        var done: [String] = []
        let known = Set(self.migrations.map(\.name))
        // The copy is of the history exactly as it was, before even the version table.
        if self.connection.file != nil { try self.copyBeforeMigrating(known: known) }
        try self.connection.transaction {
            try self.lock()
            try self.connection.execute(HistorySchema.versionTable, [])
        }
        for migration in self.migrations {
            let applied = try self.connection.transaction { () -> Bool in
                try self.lock()
                let names = try self.applied()
                let unknown = names.filter { !known.contains($0) }
                guard unknown.isEmpty else {
                    throw HistoryTooNew(store: self.store, unknown: unknown, version: names.count, known: self.migrations.count)
                }
                guard !names.contains(migration.name) else { return false }
                for statement in migration.statements { try self.connection.execute(statement, []) }
                try self.connection.execute(
                    "INSERT INTO schema_migrations (name, applied_at, release) VALUES (\(self.p(1)), \(self.p(2)), \(self.p(3)))",
                    [migration.name, Self.timestamp(self.now()), HistorySchema.release])
                return true
            }
            if applied { done.append(migration.name) }
        }
        // A history already at the latest version still refuses one that went further meanwhile.
        let names = try self.applied()
        let unknown = names.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw HistoryTooNew(store: self.store, unknown: unknown, version: names.count, known: self.migrations.count)
        }
        return done
    }

    /// Before the first pending migration touches a SQLite history that holds anything, a copy of it
    /// beside it (`history.sqlite.before-N`, N the first migration to apply), the last one kept: an
    /// upgrade that goes wrong can be undone by putting the copy back.
    func copyBeforeMigrating(known: Set<String>) throws {
        guard let file = self.connection.file else { return }
        let versioned = try self.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", [])
        let applied = versioned.isEmpty ? [] : try self.applied()
        guard let first = self.migrations.firstIndex(where: { !applied.contains($0.name) }),
            applied.allSatisfy(known.contains)
        else { return }
        let tables = try self.connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations'", [])
        guard (tables.first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0) > 0 else { return }
        let copy = "\(file).before-\(first + 1)"
        // Written aside and renamed: a copy killed halfway is never taken for the history as it was.
        let partial = "\(copy).partial-\(getpid())"
        try self.connection.backup(to: partial)
        guard rename(partial, copy) == 0 else {
            unlink(partial)
            throw HistoryError(
                store: self.store, message: "cannot keep the copy \(copy) before migrating: \(String(cString: strerror(errno)))")
        }
        for older in self.connection.copies() where older != copy {
            try? FileManager.default.removeItem(atPath: older)
        }
        self.notice("contact history \(file): migrating to version \(self.migrations.count); a copy of it as it was is \(copy)")
    }

    private func p(_ index: Int) -> String { self.connection.dialect.placeholder(index) }

    private func lock() throws {
        if let lock = self.connection.dialect.schemaLock { try self.connection.execute(lock, []) }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
