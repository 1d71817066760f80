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

    public static let header = [
        "source", "record", "line", "phone", "name", "outcome", "reason", "campaign_id",
        "message_log_id", "error", "sent_at",
    ]

    public var cells: [String] {
        [
            self.source, String(self.record), String(self.line), self.phone, self.name, self.outcome.rawValue, self.reason,
            self.campaignId, self.messageLogId, self.error, self.sentAt,
        ]
    }
}
