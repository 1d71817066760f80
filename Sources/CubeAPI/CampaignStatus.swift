public import ArtifactText

/// A campaign's status as the API spells it. Kept open (a string, not a closed
/// enum) because newer API versions add statuses, and any status we do not know
/// must be treated as not terminal rather than failing to decode.
public struct CampaignStatus: StringVocabulary {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let preparing = CampaignStatus(rawValue: "preparing")
    public static let scheduled = CampaignStatus(rawValue: "scheduled")
    public static let pending = CampaignStatus(rawValue: "pending")
    public static let processing = CampaignStatus(rawValue: "processing")
    public static let completed = CampaignStatus(rawValue: "completed")
    public static let cancelled = CampaignStatus(rawValue: "cancelled")
    public static let failed = CampaignStatus(rawValue: "failed")

    public var isTerminal: Bool { self == .completed || self == .cancelled || self == .failed }
}
