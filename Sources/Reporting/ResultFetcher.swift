import CampaignCore
import CubeAPI
import Foundation
import Logging

/// Fetches per-recipient results page by page (`per_page` 100) with a few
/// requests in flight; the client paces them by the server's rate-limit headers.
struct ResultFetcher {
    let client: CubeClient
    let logger: Logger
    let concurrency = 4

    /// All pages of one campaign (optionally one status), in page order: the pages as they came,
    /// not one array made of them, which would hold a campaign's rows twice while it was built.
    func fetch(campaignId: String, status: RecipientStatus?) async throws -> (pages: [[RecipientResult]], requests: Int) {
        let first = try await self.client.recipients(campaignId: campaignId, page: 1, perPage: 100, status: status)
        let lastPage = first.pagination.lastPage
        guard lastPage > 1 else { return ([first.recipients], 1) }
        var pages = [[RecipientResult]](repeating: [], count: lastPage)
        pages[0] = first.recipients
        try await withThrowingTaskGroup(of: (Int, [RecipientResult]).self) { group in
            var next = 2
            func start() {
                guard next <= lastPage else { return }
                let page = next
                next += 1
                group.addTask {
                    (
                        page,
                        try await self.client.recipients(campaignId: campaignId, page: page, perPage: 100, status: status)
                            .recipients
                    )
                }
            }
            for _ in 0..<self.concurrency { start() }
            while let (page, rows) = try await group.next() {
                pages[page - 1] = rows
                start()
            }
        }
        return (pages, lastPage)
    }
}
