/// The history's schema as one ordered list of named migrations. The first is the schema every
/// history had before versions existed, statement for statement (`IF NOT EXISTS`), so a history
/// of the previous release is recognised as it stands, with no change to its data. A change to a
/// table is a new migration at the end of the list, never an edit of one that was released.
enum HistorySchema {
    /// Who applied a migration, recorded beside it: the schema's own release line.
    static let release = "cube-campaigns 0.1.0"

    static let migrations: [Migration] = [
        Migration(
            name: "0001-sends-opt-outs-inbox",
            statements: [
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
                """
                CREATE TABLE IF NOT EXISTS opt_outs (
                  phone TEXT PRIMARY KEY, reason TEXT NOT NULL, run TEXT NOT NULL, found_at TEXT NOT NULL)
                """,
                // The inbox's content ledger: one hold per pipeline and content (the key two watchers meet at), and every claim and release.
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
            ]),
        // Retention is the history's own setting (every pipeline and machine shares it); a forgotten
        // person who must stay unmessaged is kept as a keyed hash of their phone, never the phone.
        Migration(
            name: "0002-retention-forgotten",
            statements: [
                "CREATE TABLE history_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                """
                INSERT INTO history_settings (name, value)
                VALUES ('\(HistorySetting.keepSendsDays)', '\(Retention.standard.keepSendsDays)'),
                       ('\(HistorySetting.keepInboxDays)', '\(Retention.standard.keepInboxDays)')
                """,
                "CREATE TABLE suppressed_hashes (hash TEXT PRIMARY KEY, reason TEXT NOT NULL, at TEXT NOT NULL)",
            ]),
    ]

    /// The table that records what was applied, as Rails and Flyway keep theirs.
    static let versionTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          name TEXT PRIMARY KEY, applied_at TEXT NOT NULL, release TEXT NOT NULL)
        """
}
