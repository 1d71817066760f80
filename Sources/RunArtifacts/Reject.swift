/// One row of `rejects.csv`.
public struct Reject: Sendable {
    /// The record's run-wide id (`ingested.ndjson`): the report's join key.
    public var id: Int
    public var source: String
    public var record: Int
    public var line: Int
    public var reason: String
    public var field: String
    public var value: String
    public var message: String

    public init(id: Int, source: String, record: Int, line: Int, reason: String, field: String, value: String, message: String) {
        self.id = id
        self.source = source
        self.record = record
        self.line = line
        self.reason = reason
        self.field = field
        self.value = value
        self.message = message
    }

    /// `id` comes last: a column added at the end breaks no sheet that reads by position.
    public static let header = ["source", "record", "line", "reason", "field", "value", "message", "id"]

    public var cells: [String] {
        [self.source, String(self.record), String(self.line), self.reason, self.field, self.value, self.message, String(self.id)]
    }
}
