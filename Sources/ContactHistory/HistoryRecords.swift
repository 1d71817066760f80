/// A campaign the API created, as the history keeps it: enough to say which
/// run messaged whom, with what, and when it went out.
public struct CreatedCampaign: Sendable, Equatable {
    public var run: String
    public var unit: String
    public var key: String
    public var campaignId: String
    public var account: String
    public var template: String
    public var language: String
    /// When it goes out, ISO 8601 UTC: its `scheduled_at`, or when it was created.
    public var startsAt: String

    public init(run: String, unit: String, key: String, campaignId: String, account: String, template: String,
                language: String, startsAt: String) {
        self.run = run
        self.unit = unit
        self.key = key
        self.campaignId = campaignId
        self.account = account
        self.template = template
        self.language = language
        self.startsAt = startsAt
    }
}

/// Another run that messaged some of the same phones: which, when, and how many of them.
public struct PriorRun: Sendable, Equatable {
    public var run: String
    public var startsAt: String
    public var phones: Int
}

/// What the API said of one recipient of one campaign, once reported.
public struct SendOutcome: Sendable, Equatable {
    public var campaignId: String
    public var phone: String
    public var status: String
    /// WhatsApp's error code for a failure (`131050`), when it gave one.
    public var code: String?

    public init(campaignId: String, phone: String, status: String, code: String?) {
        self.campaignId = campaignId
        self.phone = phone
        self.status = status
        self.code = code
    }
}

/// A phone never to message again, why, and which run found it.
public struct OptOut: Sendable, Equatable {
    public var phone: String
    public var reason: String
    public var run: String
    public var foundAt: String

    public init(phone: String, reason: String, run: String, foundAt: String) {
        self.phone = phone
        self.reason = reason
        self.run = run
        self.foundAt = foundAt
    }
}
