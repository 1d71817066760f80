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
        try self.connection.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name", []).compactMap { $0.first ?? nil }
    }

    /// Applies what is pending; the names it applied.
    @discardableResult
    func migrate() throws -> [String] {
        var done: [String] = []
        let known = Set(self.migrations.map(\.name))
        // The copy is of the history exactly as it was, before even the version table.
        try self.copyBeforeMigrating(known: known)
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
                try self.connection.execute("INSERT INTO schema_migrations (name, applied_at, release) VALUES (\(self.p(1)), \(self.p(2)), \(self.p(3)))",
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
        let versioned = try self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", [])
        let applied = versioned.isEmpty ? [] : try self.applied()
        guard let first = self.migrations.firstIndex(where: { !applied.contains($0.name) }),
              applied.allSatisfy(known.contains) else { return }
        let tables = try self.connection.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations'", [])
        guard (tables.first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0) > 0 else { return }
        let copy = "\(file).before-\(first + 1)"
        try self.connection.backup(to: copy)
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
