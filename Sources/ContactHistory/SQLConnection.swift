public import Sysexits

/// One connection to the database that holds the contact history, as the
/// history needs it: statements with text parameters, rows of text back, and
/// transactions. SQLite and PostgreSQL each implement it over their own C
/// library; the history's logic and its SQL are written once, above it
/// (`SQLContactHistory`, `SQLDialect`).
protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// The store's files on this machine (SQLite's file and its write-ahead log); nil for a server.
    var bytesOnDisk: Int? { get }
    /// The file a copy is taken of before a migration; nil for a server (its backups are the operator's).
    var file: String? { get }
    func backup(to copy: String) throws
    /// From now on, deleted content is overwritten on its page rather than left in free space.
    func zeroDeletedContent() throws
    /// After an erasure: nothing deleted left anywhere the store keeps bytes (SQLite: the log
    /// checkpointed and truncated, the file rebuilt; PostgreSQL: the tables vacuumed).
    func eraseFreedSpace() throws
    /// The copies taken before migrations, beside the file; none for a server.
    func copies() -> [String]
    /// Removes the copies taken before migrations; the paths removed.
    func removeCopies() throws -> [String]
    /// Runs one statement; the rows it answers, each column as text (nil for NULL).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?]) throws -> [[String?]]
}

extension SQLConnection {
    /// Runs `body` in one transaction, committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try self.execute(self.dialect.begin, [])
        do {
            let result = try body()
            try self.execute("COMMIT", [])
            return result
        } catch {
            _ = try? self.execute("ROLLBACK", [])
            throw error
        }
    }
}

/// Where the history is kept, in words for messages and logs.
public struct HistoryError: ExplainedError, Sendable {
    public var store: String
    public var message: String

    public init(store: String, message: String) {
        self.store = store
        self.message = message
    }

    public var description: String { "contact history (\(self.store)): \(self.message)" }
    /// The store did not answer or refused a statement: worth another try once it is reachable.
    public var exitStatus: ExitStatus { .unavailable }
    public var summary: String { self.description }
    public var nextStep: String? { "check CUBE_STATE_URL or CUBE_STATE_DIR, then run the same command again" }
}
