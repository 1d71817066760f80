import ArtifactText
public import CubeAPI
public import Foundation
import RunArtifacts

/// Everything a part's create request says, and which recipients it sends: the one value both the
/// request and the idempotency key are made from. A key that missed a field of the request would let
/// two different requests share a key (the API answers the second with the first's campaign, and
/// its recipients are never sent); a field the request has and the key lacks is a silent double-send
/// risk the other way round. So the request is built from this value alone, and `keyMaterial` names
/// every stored property: `PartRequestTests` holds the two lists equal, so a field added here and
/// not to the key fails the suite.
public struct PartRequest: Sendable, Equatable {
    public var pipeline: String
    public var runId: String
    public var account: String
    public var template: String
    public var language: String
    public var params: [String]
    /// `offer-reminder · run-42 · part 2/3`.
    public var name: String
    /// When it starts (UTC); nil: at once.
    public var scheduledAt: String?
    /// The clock the start is told on, as the plan names it (`UTC`, where Foundation says `GMT`).
    public var zone: String
    /// The part (`2`, or `2.1` for a piece of a split) and which of its batch's recipients it holds.
    public var part: String
    public var digest: String
    public var offset: Int
    public var count: Int
    /// A zone group's window; nil outside `schedule.local_time` (and then not in the key, as before it existed).
    public var window: String?

    /// The key's fields by name, in the order today's keys hash them (`cc2-`, pinned by a test:
    /// a run half sent by an older release must ask again with the keys it sent with).
    public var keyMaterial: [(field: String, value: String)] {
        let params = (try? JSONEncoder().encode(self.params)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var material: [(field: String, value: String)] = [
            ("pipeline", self.pipeline), ("runId", self.runId), ("account", self.account), ("template", self.template),
            ("language", self.language), ("params", params), ("name", self.name), ("scheduledAt", self.scheduledAt ?? "now"),
            ("zone", self.zone), ("part", self.part), ("digest", self.digest), ("offset", String(self.offset)),
            ("count", String(self.count)),
        ]
        if let window = self.window { material.append(("window", window)) }
        return material
    }

    public var idempotencyKey: String {
        let material = ["cube-campaigns/2"] + self.keyMaterial.map(\.value)
        return "cc2-" + Hashing.sha256Hex(material.joined(separator: "\n")).prefix(40)
    }

    /// The create for `recipients` (this part's, read from the place the key names). `clock` is `zone`
    /// as a time zone: the API takes a wall-clock start and its zone, where the plan keeps the instant.
    public func create(recipients: [WireRecipient], clock: TimeZone) -> CreateCampaignRequest {
        let local = self.scheduledAt.flatMap { Timestamp.parse($0, zone: clock) }.map { Timestamp.local($0, in: clock) }
        return CreateCampaignRequest(
            whatsappAccountId: self.account, templateName: self.template, templateLanguage: self.language,
            templateParams: self.params.isEmpty ? nil : self.params, recipients: recipients,
            campaignName: self.name, scheduledAt: local, timezone: local == nil ? nil : self.zone)
    }
}
