import ArtifactText
import Foundation

/// What differs between the two stores' SQL: placeholders, how a list of
/// phones is passed as one parameter (a JSON array for SQLite's `json_each`, a
/// text array for PostgreSQL's `unnest`), and how a duplicate row is ignored.
/// Every statement of the history is written once, through these.
struct SQLDialect: Sendable {
    /// The n-th placeholder, from 1.
    let placeholder: @Sendable (Int) -> String
    /// A table expression with one column `value`, the elements of the list parameter at `index`.
    let list: @Sendable (Int) -> String
    /// The list parameter's text for `values`.
    let listText: @Sendable ([String]) -> String
    /// `INSERT` that skips rows whose key exists: the head and the tail around the column list and values.
    let insertIgnoring: String
    let onConflictIgnore: String
    /// Starts a transaction: SQLite's IMMEDIATE takes the write lock at once, so two writers queue instead of deadlocking.
    let begin: String
    /// Taken before the schema is created: PostgreSQL's `IF NOT EXISTS` alone races a second process.
    let schemaLock: String?
    /// A `DELETE` of at most `limit` rows of a table that match a condition, answering a row each:
    /// by SQLite's rowid, by PostgreSQL's ctid through a TID scan (an `IN` would scan the table).
    /// A row when the table named by the first parameter exists.
    let tableExists: String
    /// A read of the whole store as of one moment (a copy's source).
    let beginSnapshot: String
    /// A `SELECT` of many rows of text given as parameters, `rowsParameters`' form of them.
    let rows: @Sendable (_ columns: Int) -> String
    let rowsParameters: @Sendable (_ rows: [[String?]], _ columns: Int) -> [String?]
    let deleteBatch: @Sendable (_ table: String, _ condition: String, _ limit: Int) -> String

    static let sqlite = SQLDialect(
        placeholder: { "?\($0)" },
        list: { "json_each(?\($0))" },
        listText: { values in "[" + values.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]" },
        insertIgnoring: "INSERT OR IGNORE INTO", onConflictIgnore: "", begin: "BEGIN IMMEDIATE", schemaLock: nil,
        tableExists: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?1",
        beginSnapshot: "BEGIN",
        // One JSON array of rows, each an array of strings and nulls.
        rows: { columns in
            "SELECT " + (0..<columns).map { "json_extract(value, '$[\($0)]')" }.joined(separator: ", ")
                + " FROM json_each(?1) WHERE 1"
        },
        rowsParameters: { rows, _ in
            var text = "["
            for (index, row) in rows.enumerated() {
                if index > 0 { text += "," }
                text += "["
                for (column, value) in row.enumerated() {
                    if column > 0 { text += "," }
                    if let value { JSONText.quote(value, into: &text) } else { text += "null" }
                }
                text += "]"
            }
            return [text + "]"]
        },
        deleteBatch: { table, condition, limit in
            "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE \(condition) LIMIT \(limit)) RETURNING 1"
        })

    static let postgres = SQLDialect(
        placeholder: { "$\($0)" },
        list: { "unnest($\($0)::text[]) AS t(value)" },
        listText: { values in "{" + values.map { "\"" + $0 + "\"" }.joined(separator: ",") + "}" },
        insertIgnoring: "INSERT INTO", onConflictIgnore: " ON CONFLICT DO NOTHING", begin: "BEGIN",
        schemaLock: "SELECT pg_advisory_xact_lock(73011)",
        tableExists: "SELECT to_regclass($1)::text WHERE to_regclass($1) IS NOT NULL",
        beginSnapshot: "BEGIN ISOLATION LEVEL REPEATABLE READ",
        // One text array per column, walked together by unnest.
        rows: { columns in
            "SELECT * FROM unnest(" + (1...columns).map { "$\($0)::text[]" }.joined(separator: ", ") + ")"
        },
        rowsParameters: { rows, columns in
            (0..<columns).map { column in
                "{"
                    + rows.map { row in
                        guard let value = row[column] else { return "NULL" }
                        return "\""
                            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                            + "\""
                    }.joined(separator: ",") + "}"
            }
        },
        deleteBatch: { table, condition, limit in
            "DELETE FROM \(table) WHERE ctid = ANY(ARRAY(SELECT ctid FROM \(table) WHERE \(condition) LIMIT \(limit))) RETURNING 1"
        })
}
