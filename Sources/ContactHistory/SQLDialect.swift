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

    static let sqlite = SQLDialect(
        placeholder: { "?\($0)" },
        list: { "json_each(?\($0))" },
        listText: { values in "[" + values.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]" },
        insertIgnoring: "INSERT OR IGNORE INTO", onConflictIgnore: "", begin: "BEGIN IMMEDIATE", schemaLock: nil)

    static let postgres = SQLDialect(
        placeholder: { "$\($0)" },
        list: { "unnest($\($0)::text[]) AS t(value)" },
        listText: { values in "{" + values.map { "\"" + $0 + "\"" }.joined(separator: ",") + "}" },
        insertIgnoring: "INSERT INTO", onConflictIgnore: " ON CONFLICT DO NOTHING", begin: "BEGIN",
        schemaLock: "SELECT pg_advisory_xact_lock(73011)")
}
