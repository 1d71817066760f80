import Foundation
import PostgresTestSupport
import Testing

/// One test's contact history, SQLite in the sandbox's state folder or a fresh PostgreSQL
/// database, with the SQL a test needs to set it up and look inside: through the stores' own
/// command-line clients, never through the product's code.
struct TestHistory {
    typealias Store = HistoryTests.Store

    let store: Store
    let environment: [String: String]
    let folder: String
    var sqlitePath: String { self.folder + "/history.sqlite" }
    var url: String { self.environment["CUBE_STATE_URL"] ?? "" }

    init(_ store: Store, sandbox: SandboxProcess) throws {
        self.store = store
        var environment = sandbox.environment
        if store == .postgres { environment["CUBE_STATE_URL"] = try PostgresServer.shared.get().freshDatabase() }
        self.environment = environment
        self.folder = sandbox.stateDirectory
    }

    static let previousRelease = Executables.packageRoot.appendingPathComponent(
        "Tests/EndToEndTests/Fixtures/previous-release-history"
    ).path

    /// The history the previous release's binaries wrote (`scripts/make-history-fixture.sh`), put where this store is.
    func loadPreviousRelease() throws {
        switch self.store {
        case .sqlite:
            try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.previousRelease + "/history.sqlite", toPath: self.sqlitePath)
        case .postgres:
            let loaded = try Executables.runCommand(
                "/usr/bin/psql", [self.url, "-v", "ON_ERROR_STOP=1", "-q", "-f", Self.previousRelease + "/history.pg.sql"])
            #expect(loaded.status == 0, "\(loaded.stderr)")
        }
    }

    /// A run directory of its own over `input`, ingested and validated against this history.
    func prepare(_ name: String, pipeline: String, input: String = Self.previousRelease + "/input.csv") throws -> [String] {
        try HistoryTests().prepare(name, pipeline: pipeline, input: input, environment: self.environment)
    }

    /// Runs one statement; its rows, a line each, columns joined by `|`.
    @discardableResult
    func sql(_ statement: String) throws -> [String] {
        let result =
            switch self.store {
            case .sqlite: try Executables.runCommand("/usr/bin/sqlite3", [self.sqlitePath, statement])
            case .postgres:
                try Executables.runCommand("/usr/bin/psql", [self.url, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement])
            }
        #expect(result.status == 0, "\(statement): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    func count(_ table: String, where condition: String = "1 = 1") throws -> Int {
        Int(try self.sql("SELECT COUNT(*) FROM \(table) WHERE \(condition)").first ?? "") ?? -1
    }

    /// Every byte the history keeps: the SQLite folder's files (log and copies included), or a data-only dump of the database.
    func everyByte() throws -> [(name: String, data: Data)] {
        switch self.store {
        case .sqlite:
            return try FileManager.default.contentsOfDirectory(atPath: self.folder).sorted().map { name in
                (name, try Data(contentsOf: URL(fileURLWithPath: self.folder + "/" + name)))
            }
        case .postgres:
            let dump = try Executables.runCommand("/usr/bin/pg_dump", ["--data-only", self.url])
            #expect(dump.status == 0, "\(dump.stderr)")
            return [("pg_dump --data-only", dump.stdoutData)]
        }
    }

    /// `campaign-history status --json`, parsed.
    func status() throws -> [String: Any] {
        let status = try Executables.run("campaign-history", ["status", "--json"], environment: self.environment)
        #expect(status.status == 0, "\(status.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: status.stdoutData) as? [String: Any])
    }
}
