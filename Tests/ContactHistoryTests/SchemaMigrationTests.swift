import Foundation
import PostgresTestSupport
import Testing

@testable import ContactHistory

/// The history's schema is versioned: a history of the release before versions is recognised as it
/// stands, a newer one is refused before a row is read, and two processes starting together on
/// PostgreSQL migrate once.
@Suite("Contact history: a versioned schema")
struct SchemaMigrationTests {
    typealias Store = ContactHistoryTests.Store

    /// A connection to a fresh, empty store of the kind, and how to open the history there.
    static func fresh(_ store: Store) throws -> (connection: any SQLConnection, location: HistoryLocation) {
        switch store {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "history-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/history.sqlite"
            return (try SQLiteConnection(path: path), .sqlite(path: path))
        case .postgres:
            let url = try PostgresServer.shared.get().freshDatabase()
            return (try PostgresConnection(url: url), .postgres(url: url))
        }
    }

    /// The schema exactly as the release before versions created it, with rows in it.
    static let previousRelease = [
        """
        CREATE TABLE IF NOT EXISTS campaigns (
          campaign_id TEXT PRIMARY KEY, run TEXT NOT NULL, unit TEXT NOT NULL, idempotency_key TEXT NOT NULL,
          account TEXT NOT NULL, template TEXT NOT NULL, language TEXT NOT NULL, starts_at TEXT NOT NULL,
          UNIQUE (run, unit))
        """,
        """
        CREATE TABLE IF NOT EXISTS sends (
          campaign_id TEXT NOT NULL, phone TEXT NOT NULL, run TEXT NOT NULL, account TEXT NOT NULL,
          template TEXT NOT NULL, starts_at TEXT NOT NULL, status TEXT, error_code TEXT,
          PRIMARY KEY (campaign_id, phone))
        """,
        "CREATE INDEX IF NOT EXISTS sends_by_phone ON sends (phone, account, template, starts_at)",
        "CREATE TABLE IF NOT EXISTS opt_outs (phone TEXT PRIMARY KEY, reason TEXT NOT NULL, run TEXT NOT NULL, found_at TEXT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS inbox_holds (
          pipeline TEXT NOT NULL, sha256 TEXT NOT NULL, claim_id TEXT NOT NULL, run TEXT NOT NULL, place TEXT NOT NULL,
          file TEXT NOT NULL, claimed_at TEXT NOT NULL, PRIMARY KEY (pipeline, sha256))
        """,
        """
        CREATE TABLE IF NOT EXISTS inbox_events (
          pipeline TEXT NOT NULL, sha256 TEXT NOT NULL, claim_id TEXT NOT NULL, run TEXT NOT NULL, place TEXT NOT NULL,
          file TEXT NOT NULL, event TEXT NOT NULL, at TEXT NOT NULL, override TEXT)
        """,
        "INSERT INTO opt_outs (phone, reason, run, found_at) VALUES ('+966500000001', '131050 stopped marketing messages', 'night-1', '2026-12-01T09:00:00Z')",
        """
        INSERT INTO campaigns (campaign_id, run, unit, idempotency_key, account, template, language, starts_at)
        VALUES ('C1', 'night-1', '1', 'cc2-x', 'acct', 'offer', 'ar', '2026-12-01T09:00:00Z')
        """,
        "INSERT INTO sends (campaign_id, phone, run, account, template, starts_at) VALUES ('C1', '+966500000002', 'night-1', 'acct', 'offer', '2026-12-01T09:00:00Z')",
    ]

    @Test(
        "a history of the release before versions opens as it stands: the first migration recorded, its rows kept",
        arguments: Store.allCases)
    func adoptsPreviousRelease(store: Store) throws {
        let (connection, location) = try Self.fresh(store)
        for statement in Self.previousRelease { try connection.execute(statement, []) }
        let history = try location.open()
        #expect(try history.optOuts().keys.sorted() == ["+966500000001"])
        let prior = try history.priorRuns(
            phones: ["+966500000002"], account: "acct", template: "offer", since: "2026-11-01T00:00:00Z",
            excludingRun: "night-2")
        #expect(prior.map(\.run) == ["night-1"])
        let applied = try SchemaMigrator(connection: connection, store: "test").applied()
        #expect(applied == HistorySchema.migrations.map(\.name))
        let rows = try connection.execute("SELECT release FROM schema_migrations", [])
        #expect(rows.map { $0.first ?? nil } == HistorySchema.migrations.map { _ in HistorySchema.release })
        // Opened again, nothing is pending.
        #expect(try SchemaMigrator(connection: connection, store: "test").migrate().isEmpty)
        if case .sqlite(let path) = location {
            // The copy taken before the first migration: the history as the previous release left it.
            let copy = try SQLiteConnection(path: path + ".before-1")
            #expect(try copy.execute("SELECT phone FROM opt_outs", []).map { $0.first ?? nil } == ["+966500000001"])
            #expect(try copy.execute("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'", []).isEmpty)
            var info = stat()
            #expect(stat(path + ".before-1", &info) == 0 && info.st_mode & 0o077 == 0, "owner only")
        }
    }

    @Test("a new SQLite history takes no copy before its first migration; a later one keeps only the last copy")
    func copiesOnlyWhatHoldsSomething() throws {
        let (connection, location) = try Self.fresh(.sqlite)
        _ = try location.open()
        guard case .sqlite(let path) = location else { return }
        #expect(!FileManager.default.fileExists(atPath: path + ".before-1"))
        var migrator = SchemaMigrator(connection: connection, store: "test")
        migrator.notice = { _ in }
        let next = HistorySchema.migrations.count + 1
        migrator.migrations += [Migration(name: "9001-test", statements: ["CREATE TABLE two (a TEXT)"])]
        try migrator.migrate()
        #expect(FileManager.default.fileExists(atPath: path + ".before-\(next)"))
        migrator.migrations += [Migration(name: "9002-test", statements: ["CREATE TABLE three (a TEXT)"])]
        try migrator.migrate()
        #expect(FileManager.default.fileExists(atPath: path + ".before-\(next + 1)"))
        #expect(!FileManager.default.fileExists(atPath: path + ".before-\(next)"), "only the last copy is kept")
    }

    @Test("a history a newer release migrated is refused before a row is read, naming both versions", arguments: Store.allCases)
    func refusesNewer(store: Store) throws {
        let (connection, location) = try Self.fresh(store)
        _ = try location.open()
        try connection.execute(
            "INSERT INTO schema_migrations (name, applied_at, release) VALUES ('9999-from-the-future', '2027-01-01T00:00:00Z', 'next')",
            [])
        #expect {
            _ = try location.open()
        } throws: { error in
            guard let error = error as? HistoryTooNew else { return false }
            return error.unknown == ["9999-from-the-future"] && error.version == HistorySchema.migrations.count + 1
                && error.known == HistorySchema.migrations.count
                && "\(error)".contains("this release knows up to \(HistorySchema.migrations.count)")
        }
    }

    @Test("migrations apply in order, each once, each with its row; one that fails leaves nothing of itself")
    func appliesInOrder() throws {
        let (connection, _) = try Self.fresh(.sqlite)
        var migrator = SchemaMigrator(connection: connection, store: "test")
        migrator.migrations += [
            Migration(name: "0002-test-extra", statements: ["CREATE TABLE extra (a TEXT)"]),
            Migration(name: "0003-broken", statements: ["CREATE TABLE broken (b TEXT)", "NOT SQL AT ALL"]),
        ]
        #expect(throws: HistoryError.self) { try migrator.migrate() }
        #expect(try migrator.applied() == HistorySchema.migrations.map(\.name) + ["0002-test-extra"])
        #expect(try connection.execute("SELECT name FROM sqlite_master WHERE name = 'broken'", []).isEmpty)
        migrator.migrations.removeLast()
        #expect(try migrator.migrate().isEmpty)
    }

    @Test("two processes opening a PostgreSQL history of the previous release at once: one migration applied, both go on")
    func twoMigratorsOnPostgres() async throws {
        let (connection, location) = try Self.fresh(.postgres)
        for statement in Self.previousRelease { try connection.execute(statement, []) }
        // Two connections, as two processes would have, each opening (and so migrating) at the same moment.
        async let first: Int = Task.detached { try location.open().optOuts().count }.value
        async let second: Int = Task.detached { try location.open().optOuts().count }.value
        #expect(try await [first, second] == [1, 1])
        let rows = try connection.execute("SELECT name FROM schema_migrations", [])
        #expect(rows.count == HistorySchema.migrations.count)
    }

    @Test(
        "SQLite: stages opening a history of the previous release at once all go on, and the copy kept is of the history before any migration"
    )
    func migratorsOnSQLite() async throws {
        for _ in 0..<3 {
            let (connection, location) = try Self.fresh(.sqlite)
            for statement in Self.previousRelease { try connection.execute(statement, []) }
            guard case .sqlite(let path) = location else { return }
            async let opened: [Int] = withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try location.open().optOuts().count } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await opened == [1, 1, 1, 1])
            #expect(try connection.execute("SELECT name FROM schema_migrations", []).count == HistorySchema.migrations.count)
            let copy = try SQLiteConnection(path: path + ".before-1")
            #expect(
                try copy.execute("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'", []).isEmpty,
                "the copy is the history as the previous release left it")
            let folder = (path as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".partial-") }.isEmpty)
        }
    }
}
