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

    public init(
        run: String, unit: String, key: String, campaignId: String, account: String, template: String,
        language: String, startsAt: String
    ) {
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

/// One message to one phone, as a frequency cap counts it.
public struct RecentSend: Sendable, Equatable {
    public var phone: String
    public var template: String
    public var run: String
    public var startsAt: String

    public init(phone: String, template: String, run: String, startsAt: String) {
        self.phone = phone
        self.template = template
        self.run = run
        self.startsAt = startsAt
    }
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

/// An inbox's hold on one export's content for one pipeline: while it stands,
/// the same bytes dropped again (into this spool or another sharing the store)
/// are not sent. One row per pipeline and content, so two watchers racing for
/// the same file meet at a unique key, not at a check-then-insert.
public struct ContentClaim: Sendable, Equatable {
    public var pipeline: String
    public var sha256: String
    /// Unique to one claim: run ids are folder names, and two machines' watchers name their runs alike.
    public var claimId: String
    /// The run, and where it is (`host:spool`), for the note a person reads.
    public var run: String
    public var place: String
    public var file: String
    public var at: String

    public init(pipeline: String, sha256: String, claimId: String, run: String, place: String, file: String, at: String) {
        self.pipeline = pipeline
        self.sha256 = sha256
        self.claimId = claimId
        self.run = run
        self.place = place
        self.file = file
        self.at = at
    }
}
