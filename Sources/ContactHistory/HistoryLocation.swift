public import Foundation

/// Where the contact history lives: `CUBE_STATE_URL=postgres://…` for a shared
/// PostgreSQL database, else one SQLite file, `history.sqlite`, in
/// `CUBE_STATE_DIR` (default `state/` beside the folder that holds the run
/// directories, so `runs/x` and `runs/y` share `state/`).
public enum HistoryLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static func from(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        runDirectory: String
    ) -> HistoryLocation {
        if let url = environment["CUBE_STATE_URL"], !url.isEmpty {
            return .postgres(url: url)
        }
        let directory =
            environment["CUBE_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultDirectory(runDirectory: runDirectory)
        return .sqlite(path: (directory as NSString).appendingPathComponent("history.sqlite"))
    }

    /// `state/` beside the folder of runs: `runs/2026-05-01` → `state`.
    static func defaultDirectory(runDirectory: String) -> String {
        let runs = (URL(fileURLWithPath: runDirectory).standardizedFileURL.path as NSString).deletingLastPathComponent
        return ((runs as NSString).deletingLastPathComponent as NSString).appendingPathComponent("state")
    }

    /// The file, or the URL without its password, for messages.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): PostgresConnection.redacted(url)
        }
    }

    /// Whether a history may be here already: always for PostgreSQL; for SQLite, when its file is.
    /// No SQLite file means nothing was ever sent from here: no opt-outs, no caps to count.
    public var mayHoldSends: Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres: true
        }
    }

    /// Opens (and creates, for SQLite) the history here.
    public func open() throws -> any ContactHistory {
        switch self {
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            // The history holds every phone ever messaged: the owner's only, like a run directory.
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            return try SQLContactHistory(connection: try SQLiteConnection(path: path), store: path)
        case .postgres(let url):
            let connection = try PostgresConnection(url: url)
            return try SQLContactHistory(connection: connection, store: connection.name)
        }
    }
}
