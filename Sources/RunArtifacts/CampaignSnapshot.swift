public import CubeAPI

/// `campaigns.json`: the latest status and counts of each campaign of the run.
public struct CampaignSnapshot: Codable, Sendable, Equatable {
    public var part: String
    public var campaignId: String
    public var status: CampaignStatus
    public var total: Int
    public var sent: Int
    public var failed: Int
    public var scheduledAt: String?
    public var recipients: Int
    /// The zone its start is told in: its zone group's (`schedule.local_time`), or the pipeline's.
    public var timezone: String?
    /// `pace.canary`: one of the run's first parts, judged before the rest start.
    public var canary: Bool?

    public init(
        part: String, campaignId: String, status: CampaignStatus, total: Int, sent: Int, failed: Int, scheduledAt: String?,
        recipients: Int, timezone: String? = nil
    ) {
        self.part = part
        self.campaignId = campaignId
        self.status = status
        self.total = total
        self.sent = sent
        self.failed = failed
        self.scheduledAt = scheduledAt
        self.recipients = recipients
        self.timezone = timezone
    }

    enum CodingKeys: String, CodingKey {
        case part = "unit", status, total, sent, failed, recipients, timezone, canary
        case campaignId = "campaign_id"
        case scheduledAt = "scheduled_at"
    }
}
