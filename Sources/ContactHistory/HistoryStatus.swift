/// What `campaign-history status` prints: where the history is, which schema it has, how much it
/// holds and over which dates. Keys as the JSON form spells them, for scripts and monitoring.
public struct HistoryStatus: Codable, Sendable, Equatable {
    public struct Rows: Codable, Sendable, Equatable {
        public var campaigns = 0
        public var sends = 0
        public var optOuts = 0
        public var inboxHolds = 0
        public var inboxEvents = 0

        enum CodingKeys: String, CodingKey {
            case campaigns, sends
            case optOuts = "opt_outs"
            case inboxHolds = "inbox_holds"
            case inboxEvents = "inbox_events"
        }
    }

    public var location: String
    /// How many migrations are applied: the schema's version.
    public var schemaVersion: Int
    public var migrations: [String]
    public var rows: Rows
    public var oldestSend: String?
    public var newestSend: String?
    /// The SQLite file and its write-ahead log; nil for PostgreSQL.
    public var bytes: Int?
    /// How long sends and inbox events are kept (the history's own setting).
    public var retention: Retention?

    enum CodingKeys: String, CodingKey {
        case location, migrations, rows, bytes, retention
        case schemaVersion = "schema_version"
        case oldestSend = "oldest_send"
        case newestSend = "newest_send"
    }
}
