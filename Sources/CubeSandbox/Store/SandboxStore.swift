import CubeAPI
import Foundation

/// The sandbox's storage, behind a protocol so that handlers do not care
/// whether campaigns live in memory or are kept in a state file.
protocol SandboxStore: Sendable {
    func create(_ request: CreateCampaignRequest, plan: ValidatedCreate, idempotencyKey: String?, now: Date) async throws -> CreateResult
    func campaign(id: String, now: Date) async throws -> Campaign
    func recipients(id: String, page: Int, perPage: Int, status: String?, now: Date) async throws -> RecipientPage
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
