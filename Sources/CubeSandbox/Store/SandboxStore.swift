import CubeAPI
import Foundation

/// The sandbox's storage, behind a protocol so that handlers do not care
/// whether campaigns live in memory or are kept in a state file.
protocol SandboxStore: Sendable {
    func create(_ request: CreateCampaignRequest, plan: ValidatedCreate, idempotencyKey: String?, now: Date) async throws
        -> CreateResult
    /// The campaign an `Idempotency-Key` already made, when the body is the same
    /// (a 422 when it is not); nil for a key not seen. Looked up before any other
    /// check, as idempotent APIs do, so a retry whose `scheduled_at` has passed
    /// since the first try still finds its campaign.
    func replay(idempotencyKey: String, bodyDigest: String, now: Date) async throws -> Campaign?
    func campaign(id: String, now: Date) async throws -> Campaign
    func recipients(id: String, page: Int, perPage: Int, status: RecipientStatus?, now: Date) async throws -> RecipientPage
    func cancel(id: String, now: Date) async throws
    func summaries(now: Date) async -> [SandboxCampaignSummary]
    func reset() async
    /// Lifecycle events that are due and not yet sent; each is handed out once.
    func dueEvents(now: Date) async -> [WebhookEvent]
}

struct CreateResult: Sendable {
    var campaign: Campaign
    var replayed: Bool
}
