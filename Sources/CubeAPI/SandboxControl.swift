/// Wire types of the sandbox's control path (`/_sandbox/…`), shared with the
/// tests that read the sandbox's own record of what was created.
public struct SandboxCampaignSummary: Codable, Sendable, Equatable {
    public var campaignId: String
    public var name: String?
    public var account: String
    /// The template and language the create carried: tests judge each campaign's language by this
    /// record, not by the pipeline's own files.
    public var templateName: String
    public var templateLanguage: String
    public var idempotencyKey: String?
    public var recipientCount: Int
    public var status: CampaignStatus
    public var sentCount: Int
    public var failedCount: Int
    public var scheduledAt: String?
    public var startsAt: String
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id"
        case name, account
        case templateName = "template_name"
        case templateLanguage = "template_language"
        case idempotencyKey = "idempotency_key"
        case recipientCount = "recipient_count"
        case status
        case sentCount = "sent_count"
        case failedCount = "failed_count"
        case scheduledAt = "scheduled_at"
        case startsAt = "starts_at"
        case createdAt = "created_at"
    }

    public init(
        campaignId: String, name: String?, account: String, templateName: String, templateLanguage: String,
        idempotencyKey: String?, recipientCount: Int, status: CampaignStatus, sentCount: Int, failedCount: Int,
        scheduledAt: String?, startsAt: String, createdAt: String
    ) {
        self.campaignId = campaignId
        self.name = name
        self.account = account
        self.templateName = templateName
        self.templateLanguage = templateLanguage
        self.idempotencyKey = idempotencyKey
        self.recipientCount = recipientCount
        self.status = status
        self.sentCount = sentCount
        self.failedCount = failedCount
        self.scheduledAt = scheduledAt
        self.startsAt = startsAt
        self.createdAt = createdAt
    }
}

public struct SandboxClockChange: Codable, Sendable {
    public var advance: Double?
    public var now: String?
    public init(advance: Double? = nil, now: String? = nil) {
        self.advance = advance
        self.now = now
    }
}

public struct SandboxClockState: Codable, Sendable {
    public var now: String
    public init(now: String) { self.now = now }
}
