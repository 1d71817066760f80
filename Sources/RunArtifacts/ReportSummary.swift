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
    /// `language:`: outcomes of the recipients of each language (and `fallback`: how many got the
    /// fallback); nil for a run in one language.
    public var byLanguage: [String: [String: Int]]?
    /// `pace:`: every part, when it starts (UTC and on its own clock), and which are the canary.
    public var parts: [PartStart]?

    public struct PartStart: Codable, Sendable, Equatable {
        public var part: String
        public var campaignId: String
        public var recipients: Int
        /// UTC; nil: it went at once.
        public var startsAt: String?
        /// On its zone's clock (`2026-12-03T11:00:00 Asia/Riyadh`).
        public var local: String?
        public var status: String
        public var canary: Bool?

        public init(
            part: String, campaignId: String, recipients: Int, startsAt: String?, local: String?, status: String,
            canary: Bool?
        ) {
            self.part = part
            self.campaignId = campaignId
            self.recipients = recipients
            self.startsAt = startsAt
            self.local = local
            self.status = status
            self.canary = canary
        }

        enum CodingKeys: String, CodingKey {
            case part, recipients, local, status, canary
            case campaignId = "campaign_id"
            case startsAt = "starts_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case records, requests, timings, examples
        case byLanguage = "by_language"
        case parts
        case runId = "run_id"
        case byOutcome = "by_outcome"
        case byReason = "by_reason"
        case bySource = "by_source"
        case byBatch = "by_batch"
        case addsUp = "adds_up"
    }
}

extension ReportSummary {
    /// The first rows of each failure class kept for the page.
    static let examplesPerClass = 5

    /// An empty summary for a run.
    public init(runId: String) {
        self.init(
            runId: runId, records: 0, byOutcome: [:], byReason: [:], bySource: [:], byBatch: [:], addsUp: false,
            requests: 0, timings: [:], examples: [:])
    }

    /// Counts one row of the report (its batch is counted by the walk, which knows it).
    public mutating func add(_ row: ReportRow) {
        self.records += 1
        self.byOutcome[row.outcome.rawValue, default: 0] += 1
        if !row.reason.isEmpty { self.byReason[row.reason, default: 0] += 1 }
        self.bySource[row.source, default: [:]][row.outcome.rawValue, default: 0] += 1
        if let language = row.language {
            self.byLanguage = self.byLanguage ?? [:]
            self.byLanguage?[language, default: [:]][row.outcome.rawValue, default: 0] += 1
            if row.languageFallback { self.byLanguage?[language, default: [:]]["fallback", default: 0] += 1 }
        }
        if row.outcome != .sent && row.outcome != .pending,
            self.examples[row.outcome.rawValue, default: []].count < Self.examplesPerClass
        {
            self.examples[row.outcome.rawValue, default: []].append(
                .init(source: row.source, line: row.line, phone: Self.masked(row.phone), reason: row.reason, error: row.error))
        }
    }

    /// `+9665•••••567`: examples on the HTML page show enough to find the row, not the whole number.
    public static func masked(_ phone: String) -> String {
        guard phone.count > 7 else { return phone }
        return String(phone.prefix(5)) + String(repeating: "•", count: phone.count - 8) + String(phone.suffix(3))
    }
}
