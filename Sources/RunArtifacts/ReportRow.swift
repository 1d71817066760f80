/// One row of `report.csv`.
public struct ReportRow: Sendable {
    public var source: String
    public var record: Int
    public var line: Int
    public var phone: String
    public var name: String
    public var outcome: RecordOutcome
    public var reason: String
    public var campaignId: String
    public var messageLogId: String
    public var error: String
    public var sentAt: String
    /// The record's run-wide id, as every artifact of the run carries it.
    public var id: Int
    /// `language:`: the template language the recipient was sent in, and whether it was the fallback.
    public var language: String?
    public var languageFallback = false

    public init(
        source: String, record: Int, line: Int, phone: String, name: String, outcome: RecordOutcome, reason: String,
        campaignId: String, messageLogId: String, error: String, sentAt: String, id: Int
    ) {
        self.source = source
        self.record = record
        self.line = line
        self.phone = phone
        self.name = name
        self.outcome = outcome
        self.reason = reason
        self.campaignId = campaignId
        self.messageLogId = messageLogId
        self.error = error
        self.sentAt = sentAt
        self.id = id
    }

    /// `id` comes last: a column added at the end breaks no sheet that reads by position.
    public static let header = [
        "source", "record", "line", "phone", "name", "outcome", "reason", "campaign_id",
        "message_log_id", "error", "sent_at", "id",
    ]

    /// The columns a run with `language:` adds after `id`; a run without it writes the report it always did.
    public static let languageHeader = ["language", "language_fallback"]

    public static func header(languages: Bool) -> [String] {
        languages ? Self.header + Self.languageHeader : Self.header
    }

    public var cells: [String] {
        [
            self.source, String(self.record), String(self.line), self.phone, self.name, self.outcome.rawValue, self.reason,
            self.campaignId, self.messageLogId, self.error, self.sentAt, String(self.id),
        ]
    }

    public func cells(languages: Bool) -> [String] {
        languages ? self.cells + [self.language ?? "", self.languageFallback ? "true" : ""] : self.cells
    }
}
