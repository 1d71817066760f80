/// One named change to the history's tables, applied once in one transaction and recorded in
/// `schema_migrations` by its name (GRDB's `DatabaseMigrator`, Rails, Flyway). A name is never
/// reused or edited once released: a history records what was applied by name, and a name this
/// binary does not know means the history is newer than it.
struct Migration: Sendable {
    let name: String
    let statements: [String]
}
