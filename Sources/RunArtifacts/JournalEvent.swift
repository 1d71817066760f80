/// One line of `journal.ndjson` (and of `test-sends.ndjson`): what submit, report's cancellation and
/// an operator's `--resolve` did to a part, each kind with exactly the fields it needs, so a replay
/// cannot read a campaign id off an intent or miss one on a creation.
public enum JournalEvent: Sendable, Equatable {
    /// The plan the journal belongs to (its digest and the moment it was made for), written once
    /// before the first intent, so a lost plan.json can be rebuilt and checked.
    case planned(planDigest: String, plannedAt: String)
    /// A part not yet sent whose start fell outside the send window or into the past gets a new
    /// start (and so a new key) before it is sent.
    case rescheduled(part: String, scheduledAt: String?)
    /// About to POST; written and fsync'd before the request leaves. Offset and count are the
    /// recipients it sends (the test sends' journal gives only the count).
    case intent(part: String, key: String?, offset: Int?, count: Int?, scheduledAt: String?)
    case created(part: String, key: String?, campaignId: String)
    /// The API refused it (4xx other than a tier limit); nothing was created.
    case rejected(part: String, key: String?, code: String, message: String)
    /// Refused for the tier limit; replaced by the parts of the `split` after it.
    case deferred(part: String, key: String?, code: String, message: String)
    /// The part was cut into pieces sent on different days.
    case split(part: String, parts: [JournalPart])
    /// No answer after the request may have gone out.
    case unknown(part: String, key: String?, code: String?, message: String)
    /// An operator settled an unknown outcome (`--resolve`): the campaign that exists, or nil for a resend.
    case resolved(part: String, campaignId: String?, message: String?)
    case cancelled(part: String, campaignId: String)
    case cancelFailed(part: String, campaignId: String?, code: String?, message: String?)
    /// The run was stopped (report's auto-pause, a failed canary, `campaign-submit --cancel`): no part
    /// not yet asked for is sent after it. Written before the first cancel, about the whole run.
    case halted(message: String)

    /// The event's name in the file, for filters that need no payload.
    public enum Kind: String, Codable, Sendable {
        case planned, rescheduled, intent, created, rejected, deferred, split, unknown, resolved, cancelled
        case cancelFailed = "cancel_failed"
        case halted
    }

    public var kind: Kind {
        switch self {
        case .planned: .planned
        case .rescheduled: .rescheduled
        case .intent: .intent
        case .created: .created
        case .rejected: .rejected
        case .deferred: .deferred
        case .split: .split
        case .unknown: .unknown
        case .resolved: .resolved
        case .cancelled: .cancelled
        case .cancelFailed: .cancelFailed
        case .halted: .halted
        }
    }

    /// The part it is about; empty for `planned` and `halted`, which are about the whole run.
    public var part: String {
        switch self {
        case .planned, .halted: ""
        case .rescheduled(let part, _), .intent(let part, _, _, _, _), .created(let part, _, _),
            .rejected(let part, _, _, _), .deferred(let part, _, _, _), .split(let part, _), .unknown(let part, _, _, _),
            .resolved(let part, _, _), .cancelled(let part, _), .cancelFailed(let part, _, _, _):
            part
        }
    }

    /// The idempotency key the request went with, where the event is about a request.
    public var key: String? {
        switch self {
        case .intent(_, let key, _, _, _), .created(_, let key, _), .rejected(_, let key, _, _),
            .deferred(_, let key, _, _), .unknown(_, let key, _, _):
            key
        case .planned, .rescheduled, .split, .resolved, .cancelled, .cancelFailed, .halted: nil
        }
    }

    /// The campaign the event names, if any.
    public var campaignId: String? {
        switch self {
        case .created(_, _, let id), .cancelled(_, let id): id
        case .resolved(_, let id, _), .cancelFailed(_, let id, _, _): id
        case .planned, .rescheduled, .intent, .rejected, .deferred, .split, .unknown, .halted: nil
        }
    }
}

/// A piece of a part the tier limit split: where in its batch and how many, and when it starts.
public struct JournalPart: Codable, Sendable, Equatable {
    public var part: String
    public var offset: Int
    public var count: Int
    public var scheduledAt: String?

    public init(part: String, offset: Int, count: Int, scheduledAt: String?) {
        self.part = part
        self.offset = offset
        self.count = count
        self.scheduledAt = scheduledAt
    }

    enum CodingKeys: String, CodingKey {
        case part = "unit", offset, count
        case scheduledAt = "scheduled_at"
    }
}
