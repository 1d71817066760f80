import CubeAPI

/// `campaigns.json`: the latest status and counts of each campaign of the run.
public struct CampaignSnapshot: Codable, Sendable, Equatable {
    public var unit: String
    public var campaignId: String
    public var status: CampaignStatus
    public var total: Int
    public var sent: Int
    public var failed: Int
    public var scheduledAt: String?
    public var recipients: Int

    enum CodingKeys: String, CodingKey {
        case unit, status, total, sent, failed, recipients
        case campaignId = "campaign_id"
        case scheduledAt = "scheduled_at"
    }
}
