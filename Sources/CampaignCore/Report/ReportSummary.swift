/// `summary.json`: counts by outcome, reason, source and batch, and the check
/// that they add up to the records read.
public struct ReportSummary: Codable, Sendable {
    public struct Example: Codable, Sendable {
        public var source: String
        public var line: Int
        public var phone: String
        public var reason: String
        public var error: String
    }

    public var runId: String
    public var records: Int
    public var byOutcome: [String: Int]
    public var byReason: [String: Int]
    public var bySource: [String: [String: Int]]
    public var byBatch: [String: [String: Int]]
    public var addsUp: Bool
    public var requests: Int
    public var timings: [String: Double]
    /// The first rows of each failure class, for the HTML page.
    public var examples: [String: [Example]]

    enum CodingKeys: String, CodingKey {
        case records, requests, timings, examples
        case runId = "run_id"
        case byOutcome = "by_outcome"
        case byReason = "by_reason"
        case bySource = "by_source"
        case byBatch = "by_batch"
        case addsUp = "adds_up"
    }
}
