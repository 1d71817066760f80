/// How long the history keeps what only a look back needs: sends (and their campaigns), which
/// frequency caps and "sent previously" count, and the inbox's events. Opt-outs are never
/// removed by retention. Kept in the history itself, since every pipeline and machine shares it.
public struct Retention: Sendable, Equatable, Codable {
    public var keepSendsDays: Int
    public var keepInboxDays: Int

    public init(keepSendsDays: Int, keepInboxDays: Int) {
        self.keepSendsDays = keepSendsDays
        self.keepInboxDays = keepInboxDays
    }

    /// More than a year of sends, so a yearly cap still holds; a quarter of inbox events.
    public static let standard = Retention(keepSendsDays: 400, keepInboxDays: 90)

    /// `400d` (or `400`): whole days, 0 to 36,500; nil for anything else.
    public static func days(_ text: String) -> Int? {
        let digits = text.hasSuffix("d") ? String(text.dropLast()) : text
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let days = Int(digits), days <= 36_500
        else {
            return nil
        }
        return days
    }

    enum CodingKeys: String, CodingKey {
        case keepSendsDays = "keep_sends_days"
        case keepInboxDays = "keep_inbox_days"
    }
}

/// The names of the history's own settings (`history_settings`), one definition each.
struct HistorySetting: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    var description: String { self.rawValue }

    static let keepSendsDays = HistorySetting(rawValue: "keep_sends_days")
    static let keepInboxDays = HistorySetting(rawValue: "keep_inbox_days")
    /// The key of the keyed hashes forgotten phones are suppressed by; made on first use.
    static let suppressionKey = HistorySetting(rawValue: "suppression_key")
}

/// What a prune removed (or, dry, would remove).
public struct PruneCounts: Sendable, Equatable, Codable {
    public var campaigns = 0
    public var sends = 0
    public var inboxEvents = 0

    public init(campaigns: Int = 0, sends: Int = 0, inboxEvents: Int = 0) {
        self.campaigns = campaigns
        self.sends = sends
        self.inboxEvents = inboxEvents
    }

    enum CodingKeys: String, CodingKey {
        case campaigns, sends
        case inboxEvents = "inbox_events"
    }
}
