public import ArtifactText

/// One recipient's status in a campaign, as the API spells it. Open like
/// `CampaignStatus`: a status we do not know is kept, and counts as not final.
public struct RecipientStatus: StringVocabulary, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let pending = RecipientStatus(rawValue: "pending")
    public static let sent = RecipientStatus(rawValue: "sent")
    public static let failed = RecipientStatus(rawValue: "failed")
}
