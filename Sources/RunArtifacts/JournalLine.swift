/// A journal line as it lies in the file: one flat JSON object, `event` and the fields its kind
/// uses, keys sorted. Every release wrote this shape, so journals of runs in flight read as they are.
struct JournalLine: Codable, Equatable {
    var event: JournalEvent.Kind
    var part: String
    var key: String?
    var campaignId: String?
    var code: String?
    var message: String?
    var parts: [JournalPart]?
    var offset: Int?
    var count: Int?
    var scheduledAt: String?
    var planDigest: String?
    var plannedAt: String?

    enum CodingKeys: String, CodingKey {
        case event, part = "unit", key, code, message, parts, offset, count
        case campaignId = "campaign_id"
        case scheduledAt = "scheduled_at"
        case planDigest = "plan_digest"
        case plannedAt = "planned_at"
    }

    /// Any key: to find one the journal's writer never writes.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Strict: a key no release wrote is damage (a hand edit, another program's file), not ignored.
    init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        if let foreign = any.allKeys.first(where: { CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: foreign, in: any, debugDescription: "a key the journal does not have")
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.event = try container.decode(JournalEvent.Kind.self, forKey: .event)
        self.part = try container.decode(String.self, forKey: .part)
        self.key = try container.decodeIfPresent(String.self, forKey: .key)
        self.campaignId = try container.decodeIfPresent(String.self, forKey: .campaignId)
        self.code = try container.decodeIfPresent(String.self, forKey: .code)
        self.message = try container.decodeIfPresent(String.self, forKey: .message)
        self.parts = try container.decodeIfPresent([JournalPart].self, forKey: .parts)
        self.offset = try container.decodeIfPresent(Int.self, forKey: .offset)
        self.count = try container.decodeIfPresent(Int.self, forKey: .count)
        self.scheduledAt = try container.decodeIfPresent(String.self, forKey: .scheduledAt)
        self.planDigest = try container.decodeIfPresent(String.self, forKey: .planDigest)
        self.plannedAt = try container.decodeIfPresent(String.self, forKey: .plannedAt)
    }

    init(event: JournalEvent.Kind, part: String) {
        self.event = event
        self.part = part
    }

    init(_ event: JournalEvent) {
        self.init(event: event.kind, part: event.part)
        switch event {
        case .planned(let digest, let plannedAt):
            self.planDigest = digest
            self.plannedAt = plannedAt
        case .rescheduled(_, let scheduledAt):
            self.scheduledAt = scheduledAt
        case .intent(_, let key, let offset, let count, let scheduledAt):
            (self.key, self.offset, self.count, self.scheduledAt) = (key, offset, count, scheduledAt)
        case .created(_, let key, let campaignId):
            (self.key, self.campaignId) = (key, campaignId)
        case .rejected(_, let key, let code, let message), .deferred(_, let key, let code, let message):
            (self.key, self.code, self.message) = (key, code, message)
        case .split(_, let parts):
            self.parts = parts
        case .unknown(_, let key, let code, let message):
            (self.key, self.code, self.message) = (key, code, message)
        case .resolved(_, let campaignId, let message):
            (self.campaignId, self.message) = (campaignId, message)
        case .cancelled(_, let campaignId):
            self.campaignId = campaignId
        case .cancelFailed(_, let campaignId, let code, let message):
            (self.campaignId, self.code, self.message) = (campaignId, code, message)
        case .halted(let message):
            self.message = message
        }
    }

    /// The event the line records; nil when a field its kind cannot do without is missing.
    var decoded: JournalEvent? {
        switch self.event {
        case .planned:
            guard let digest = self.planDigest, let plannedAt = self.plannedAt else { return nil }
            return .planned(planDigest: digest, plannedAt: plannedAt)
        case .rescheduled:
            return .rescheduled(part: self.part, scheduledAt: self.scheduledAt)
        case .intent:
            return .intent(
                part: self.part, key: self.key, offset: self.offset, count: self.count, scheduledAt: self.scheduledAt)
        case .created:
            guard let campaignId = self.campaignId else { return nil }
            return .created(part: self.part, key: self.key, campaignId: campaignId)
        case .rejected:
            return .rejected(part: self.part, key: self.key, code: self.code ?? "", message: self.message ?? "")
        case .deferred:
            return .deferred(part: self.part, key: self.key, code: self.code ?? "", message: self.message ?? "")
        case .split:
            guard let parts = self.parts, !parts.isEmpty else { return nil }
            return .split(part: self.part, parts: parts)
        case .unknown:
            return .unknown(part: self.part, key: self.key, code: self.code, message: self.message ?? "")
        case .resolved:
            return .resolved(part: self.part, campaignId: self.campaignId, message: self.message)
        case .cancelled:
            guard let campaignId = self.campaignId else { return nil }
            return .cancelled(part: self.part, campaignId: campaignId)
        case .cancelFailed:
            return .cancelFailed(part: self.part, campaignId: self.campaignId, code: self.code, message: self.message)
        case .halted:
            return .halted(message: self.message ?? "")
        }
    }
}
