/// One recipient's status in a campaign, as the API spells it. Open like
/// `CampaignStatus`: a status we do not know is kept, and counts as not final.
public struct RecipientStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let pending = RecipientStatus(rawValue: "pending")
    public static let sent = RecipientStatus(rawValue: "sent")
    public static let failed = RecipientStatus(rawValue: "failed")

    public var description: String { self.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}
