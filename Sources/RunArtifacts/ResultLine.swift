public import CubeAPI

/// One line of `results.ndjson`: what the API said about one recipient.
public struct ResultLine: Codable, Sendable, Equatable {
    public var campaignId: String
    public var part: String
    public var phone: String
    public var status: RecipientStatus
    public var messageLogId: String?
    public var errorMessage: String?
    public var sentAt: String?

    public init(
        campaignId: String, part: String, phone: String, status: RecipientStatus, messageLogId: String?,
        errorMessage: String?, sentAt: String?
    ) {
        self.campaignId = campaignId
        self.part = part
        self.phone = phone
        self.status = status
        self.messageLogId = messageLogId
        self.errorMessage = errorMessage
        self.sentAt = sentAt
    }

    enum CodingKeys: String, CodingKey {
        case part = "unit", phone, status
        case campaignId = "campaign_id"
        case messageLogId = "message_log_id"
        case errorMessage = "error_message"
        case sentAt = "sent_at"
    }
}
