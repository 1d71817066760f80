/// The wire types of the Campaigns API, shared by the client and the sandbox so
/// that the two cannot drift apart. Field names follow the vendor's snake_case.

public struct Envelope<T: Codable & Sendable>: Codable, Sendable {
    public var success: Bool
    public var data: T

    public init(data: T) {
        self.success = true
        self.data = data
    }
}

public struct ErrorEnvelope: Codable, Sendable {
    public struct Body: Codable, Sendable {
        public var code: String
        public var message: String
        public var details: JSONValue?

        public init(code: String, message: String, details: JSONValue? = nil) {
            self.code = code
            self.message = message
            self.details = details
        }
    }

    public var success: Bool
    public var error: Body

    public init(code: String, message: String, details: JSONValue? = nil) {
        self.success = false
        self.error = Body(code: code, message: message, details: details)
    }
}

public struct WireRecipient: Codable, Sendable, Equatable {
    public var phone: String
    public var name: String?
    public var variables: [String: String]?

    public init(phone: String, name: String? = nil, variables: [String: String]? = nil) {
        self.phone = phone
        self.name = name
        self.variables = variables
    }
}

public struct CreateCampaignRequest: Codable, Sendable, Equatable {
    public var whatsappAccountId: String
    public var messageType: String
    public var templateName: String
    public var templateLanguage: String?
    public var templateParams: [String]?
    public var recipients: [WireRecipient]
    public var campaignName: String?
    public var scheduledAt: String?
    public var timezone: String?

    enum CodingKeys: String, CodingKey {
        case whatsappAccountId = "whatsapp_account_id"
        case messageType = "message_type"
        case templateName = "template_name"
        case templateLanguage = "template_language"
        case templateParams = "template_params"
        case recipients
        case campaignName = "campaign_name"
        case scheduledAt = "scheduled_at"
        case timezone
    }

    public init(
        whatsappAccountId: String, messageType: String = "template", templateName: String,
        templateLanguage: String?, templateParams: [String]?, recipients: [WireRecipient],
        campaignName: String?, scheduledAt: String?, timezone: String?
    ) {
        self.whatsappAccountId = whatsappAccountId
        self.messageType = messageType
        self.templateName = templateName
        self.templateLanguage = templateLanguage
        self.templateParams = templateParams
        self.recipients = recipients
        self.campaignName = campaignName
        self.scheduledAt = scheduledAt
        self.timezone = timezone
    }
}

public struct Campaign: Codable, Sendable, Equatable {
    public var campaignId: String
    public var name: String?
    public var status: CampaignStatus
    public var messageType: String
    public var totalCount: Int
    public var sentCount: Int
    public var failedCount: Int
    public var scheduledAt: String?
    public var createdAt: String
    /// Newer API versions: the count asked for, final even while `total_count` is 0 (`preparing`).
    public var requestedCount: Int?

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id"
        case name, status
        case messageType = "message_type"
        case totalCount = "total_count"
        case sentCount = "sent_count"
        case failedCount = "failed_count"
        case scheduledAt = "scheduled_at"
        case createdAt = "created_at"
        case requestedCount = "requested_count"
    }

    public init(
        campaignId: String, name: String?, status: CampaignStatus, messageType: String = "template",
        totalCount: Int, sentCount: Int, failedCount: Int, scheduledAt: String?, createdAt: String,
        requestedCount: Int? = nil
    ) {
        self.campaignId = campaignId
        self.name = name
        self.status = status
        self.messageType = messageType
        self.totalCount = totalCount
        self.sentCount = sentCount
        self.failedCount = failedCount
        self.scheduledAt = scheduledAt
        self.createdAt = createdAt
        self.requestedCount = requestedCount
    }
    // `name` and `scheduled_at` are explicit nulls in the vendor's answers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.campaignId, forKey: .campaignId)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.messageType, forKey: .messageType)
        try container.encode(self.totalCount, forKey: .totalCount)
        try container.encode(self.sentCount, forKey: .sentCount)
        try container.encode(self.failedCount, forKey: .failedCount)
        try container.encode(self.scheduledAt, forKey: .scheduledAt)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encodeIfPresent(self.requestedCount, forKey: .requestedCount)
    }
}

public struct RecipientResult: Codable, Sendable, Equatable {
    public var phone: String
    public var name: String?
    public var status: RecipientStatus
    public var messageLogId: String?
    public var errorMessage: String?
    public var sentAt: String?

    enum CodingKeys: String, CodingKey {
        case phone, name, status
        case messageLogId = "message_log_id"
        case errorMessage = "error_message"
        case sentAt = "sent_at"
    }

    public init(
        phone: String, name: String?, status: RecipientStatus, messageLogId: String?, errorMessage: String?, sentAt: String?
    ) {
        self.phone = phone
        self.name = name
        self.status = status
        self.messageLogId = messageLogId
        self.errorMessage = errorMessage
        self.sentAt = sentAt
    }

    // The API writes explicit nulls; keep them so clients in any language see the documented shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.phone, forKey: .phone)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.messageLogId, forKey: .messageLogId)
        try container.encode(self.errorMessage, forKey: .errorMessage)
        try container.encode(self.sentAt, forKey: .sentAt)
    }
}

public struct Pagination: Codable, Sendable, Equatable {
    public var currentPage: Int
    public var perPage: Int
    public var total: Int
    public var lastPage: Int

    enum CodingKeys: String, CodingKey {
        case currentPage = "current_page"
        case perPage = "per_page"
        case total
        case lastPage = "last_page"
    }

    public init(currentPage: Int, perPage: Int, total: Int, lastPage: Int) {
        self.currentPage = currentPage
        self.perPage = perPage
        self.total = total
        self.lastPage = lastPage
    }
}

public struct RecipientPage: Codable, Sendable, Equatable {
    public var campaignId: String
    public var recipients: [RecipientResult]
    public var pagination: Pagination

    enum CodingKeys: String, CodingKey {
        case campaignId = "campaign_id"
        case recipients, pagination
    }

    public init(campaignId: String, recipients: [RecipientResult], pagination: Pagination) {
        self.campaignId = campaignId
        self.recipients = recipients
        self.pagination = pagination
    }
}

public struct Template: Codable, Sendable, Equatable {
    public var name: String
    public var language: String
    public var category: String
    public var status: String
    public var paramsCount: Int
    /// The text with `{{1}}`… placeholders; optional, since an API may leave it out (nothing can be previewed then).
    public var body: String?
    public var header: String?

    enum CodingKeys: String, CodingKey {
        case name, language, category, status
        case paramsCount = "params_count"
        case body, header
    }

    public init(
        name: String, language: String, category: String = "MARKETING", status: String = "APPROVED",
        paramsCount: Int, body: String?, header: String? = nil
    ) {
        self.name = name
        self.language = language
        self.category = category
        self.status = status
        self.paramsCount = paramsCount
        self.body = body
        self.header = header
    }
}

public struct CancelResult: Codable, Sendable, Equatable {
    public var success: Bool
    public init(success: Bool) { self.success = success }
}

public struct Health: Codable, Sendable, Equatable {
    public var status: String
    public var checks: [String: String]
    public var timestamp: String

    public init(status: String, checks: [String: String], timestamp: String) {
        self.status = status
        self.checks = checks
        self.timestamp = timestamp
    }
}

/// The flat webhook payload: `{event, tenant_id, timestamp, …event fields}`.
public struct WebhookEvent: Codable, Sendable, Equatable {
    public var event: String
    public var tenantId: String
    public var timestamp: String
    public var campaignId: String
    public var status: CampaignStatus
    public var totalCount: Int
    public var sentCount: Int
    public var failedCount: Int

    enum CodingKeys: String, CodingKey {
        case event
        case tenantId = "tenant_id"
        case timestamp
        case campaignId = "campaign_id"
        case status
        case totalCount = "total_count"
        case sentCount = "sent_count"
        case failedCount = "failed_count"
    }

    public init(
        event: String, tenantId: String, timestamp: String, campaignId: String, status: CampaignStatus,
        totalCount: Int, sentCount: Int, failedCount: Int
    ) {
        self.event = event
        self.tenantId = tenantId
        self.timestamp = timestamp
        self.campaignId = campaignId
        self.status = status
        self.totalCount = totalCount
        self.sentCount = sentCount
        self.failedCount = failedCount
    }
}

/// Error codes the API answers with (DESIGN.md §1).
public enum ErrorCode {
    public static let authenticationRequired = "AUTHENTICATION_REQUIRED"
    public static let invalidAPIKey = "INVALID_API_KEY"
    public static let forbidden = "FORBIDDEN"
    public static let notFound = "NOT_FOUND"
    public static let templateNotFound = "TEMPLATE_NOT_FOUND"
    public static let validationError = "VALIDATION_ERROR"
    public static let invalidPhoneNumber = "INVALID_PHONE_NUMBER"
    public static let templateLanguageMismatch = "TEMPLATE_LANGUAGE_MISMATCH"
    public static let templateParamsMismatch = "TEMPLATE_PARAMS_MISMATCH"
    public static let rateLimitExceeded = "RATE_LIMIT_EXCEEDED"
    public static let messagingTierLimitExceeded = "MESSAGING_TIER_LIMIT_EXCEEDED"
    public static let planLimitReached = "PLAN_LIMIT_REACHED"
    public static let internalError = "INTERNAL_ERROR"
    public static let serviceDegraded = "SERVICE_DEGRADED"
}
