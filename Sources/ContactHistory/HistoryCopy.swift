import ArtifactText
import Foundation
public import Sysexits

/// A whole history moved to another store (SQLite → PostgreSQL when a second machine joins, or
/// back): read from one snapshot of the source a page at a time by each table's key, written in
/// one transaction on the target, which must be empty, and the counts of both compared before
/// that transaction commits. A copy that fails leaves the target as it was.
struct HistoryCopy {
    /// A table as the copy walks it: its columns, and the key it is paged by (none: by offset, for small tables).
    struct Table {
        let name: String
        let columns: [String]
        let key: [String]
    }

    static let page = 5_000

    /// Every table of the data, in an order that needs no deferred constraint.
    static let tables = [
        Table(
            name: "campaigns",
            columns: ["campaign_id", "run", "unit", "idempotency_key", "account", "template", "language", "starts_at"],
            key: ["campaign_id"]),
        Table(
            name: "sends", columns: ["campaign_id", "phone", "run", "account", "template", "starts_at", "status", "error_code"],
            key: ["campaign_id", "phone"]),
        Table(name: "opt_outs", columns: ["phone", "reason", "run", "found_at"], key: ["phone"]),
        Table(name: "suppressed_hashes", columns: ["hash", "reason", "at"], key: ["hash"]),
        Table(
            name: "inbox_holds", columns: ["pipeline", "sha256", "claim_id", "run", "place", "file", "claimed_at"],
            key: ["pipeline", "sha256"]),
        Table(
            name: "inbox_events", columns: ["pipeline", "sha256", "claim_id", "run", "place", "file", "event", "at", "override"],
            key: []),
    ]

    /// The history's own settings (retention, the suppression key) travel with it: without the
    /// key, the forgotten phones' hashes would suppress nobody.
    static let settings = Table(name: "history_settings", columns: ["name", "value"], key: ["name"])

    let source: SQLContactHistory
    let target: SQLContactHistory

    /// Rows copied per table.
    func run() throws -> [String: Int] {
        try self.source.connection.execute(self.source.dialect.beginSnapshot, [])
        defer { _ = try? self.source.connection.execute("COMMIT", []) }
        return try self.target.connection.transaction {
            for table in Self.tables {
                let rows = try Self.count(table.name, self.target.connection)
                guard rows == 0 else {
                    throw HistoryCopyRefused(
                        store: self.target.store,
                        message: "its table \(table.name) holds \(rows) row(s): a copy goes only into an empty history")
                }
            }
            var copied: [String: Int] = [:]
            for table in Self.tables + [Self.settings] {
                copied[table.name] = try self.copy(table)
            }
            for table in Self.tables {
                let from = try Self.count(table.name, self.source.connection)
                let to = try Self.count(table.name, self.target.connection)
                guard from == to else {
                    throw HistoryError(
                        store: self.target.store,
                        message: "\(table.name): \(from) row(s) in \(self.source.store), \(to) in the copy; nothing was kept")
                }
            }
            return copied
        }
    }

    private func copy(_ table: Table) throws -> Int {
        let columns = table.columns.joined(separator: ", ")
        let order = (table.key.isEmpty ? table.columns : table.key).joined(separator: ", ")
        let insert = """
            INSERT INTO \(table.name) (\(columns)) \(self.target.dialect.rows(table.columns.count))
            """ + (table.name == Self.settings.name ? " ON CONFLICT (name) DO UPDATE SET value = excluded.value" : "")
        var last: [String?] = []
        var total = 0
        while true {
            let rows: [[String?]]
            let s = self.source.dialect.placeholder
            if table.key.isEmpty {
                rows = try self.source.connection.execute(
                    "SELECT \(columns) FROM \(table.name) ORDER BY \(order) LIMIT \(Self.page) OFFSET \(total)", [])
            } else if last.isEmpty {
                rows = try self.source.connection.execute(
                    "SELECT \(columns) FROM \(table.name) ORDER BY \(order) LIMIT \(Self.page)", [])
            } else {
                let after = "(\(table.key.joined(separator: ", "))) > (\((1...table.key.count).map(s).joined(separator: ", ")))"
                rows = try self.source.connection.execute(
                    "SELECT \(columns) FROM \(table.name) WHERE \(after) ORDER BY \(order) LIMIT \(Self.page)", last)
            }
            guard !rows.isEmpty else { return total }
            try self.target.connection.execute(insert, self.target.dialect.rowsParameters(rows, table.columns.count))
            total += rows.count
            if let final = rows.last {
                last = table.key.compactMap { key in table.columns.firstIndex(of: key) }.map { final[$0] }
            }
            if rows.count < Self.page { return total }
        }
    }

    static func count(_ table: String, _ connection: any SQLConnection) throws -> Int {
        try connection.execute("SELECT COUNT(*) FROM \(table)", []).first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
    }
}

extension HistoryLocation {
    /// `postgres://…`, `postgresql://…` or libpq's `key=value` form: PostgreSQL; anything else is the path of a SQLite file.
    public static func parse(_ text: String) -> HistoryLocation {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") || trimmed.contains("dbname=")
            || trimmed.hasPrefix("host=")
        {
            return .postgres(url: trimmed)
        }
        return .sqlite(path: trimmed.hasPrefix("sqlite:") ? String(trimmed.dropFirst("sqlite:".count)) : trimmed)
    }

    /// Copies this whole history into `target`, which must be empty; rows copied per table.
    public func copy(to target: HistoryLocation) throws -> [String: Int] {
        guard self != target else {
            throw HistoryCopyRefused(store: self.description, message: "the copy's target is the history itself")
        }
        guard let source = try self.open() as? SQLContactHistory, let destination = try target.open() as? SQLContactHistory else {
            throw HistoryError(store: self.description, message: "only SQL histories can be copied")
        }
        return try HistoryCopy(source: source, target: destination).run()
    }
}

/// A copy refused before anything was written: its target is not empty, or is the source.
public struct HistoryCopyRefused: ExplainedError, Sendable {
    public var store: String
    public var message: String

    public var description: String { "contact history (\(self.store)): \(self.message)" }
    public var exitStatus: ExitStatus { .config }
    public var summary: String { self.description }
    public var nextStep: String? { "name an empty database or a new file with --to; nothing was copied" }
}
