public import CubeAPI
import Foundation
public import RunArtifacts

/// Cancels a run's campaigns that have not started, journaling each answer:
/// the one path for `campaign-submit --cancel` and for report's auto-pause
/// (`max_failure_rate`). A campaign already sending or finished is left as it
/// is and said so. The caller holds the run's lock.
public struct RunCancellation {
    let client: CubeClient
    let journal: Journal
    let output: @Sendable (String) -> Void

    public init(client: CubeClient, journal: Journal, output: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.journal = journal
        self.output = output
    }

    public struct Result: Sendable {
        /// The parts cancelled, and how many recipients they held.
        public var cancelled: [String] = []
        public var recipients = 0
        public var untouched = 0
    }

    public static func cancellable(_ status: CampaignStatus) -> Bool {
        status == .pending || status == .scheduled || status == .preparing
    }

    /// `known`: the campaigns' latest state where the caller has it, so a fresh read is needed only for the others.
    public func cancel(_ campaigns: [(part: JournalState.Part, campaignId: String)], known: [String: Campaign] = [:]) async throws
        -> Result
    {
        var result = Result()
        for (part, id) in campaigns {
            if case .cancelled = part.status { continue }
            let campaign: Campaign
            if let latest = known[id] {
                campaign = latest
            } else {
                do {
                    campaign = try await self.client.campaign(id: id)
                } catch {
                    throw CampaignError.from(error, doing: "reading campaign \(id)")
                }
            }
            guard Self.cancellable(campaign.status) else {
                result.untouched += 1
                self.output("part \(part.id): campaign \(id) is \(campaign.status); not cancelled")
                continue
            }
            do {
                _ = try await self.client.cancel(campaignId: id)
                try self.journal.append(.cancelled(part: part.id, campaignId: id))
                result.cancelled.append(part.id)
                result.recipients += part.count
                self.output("part \(part.id): campaign \(id) cancelled")
            } catch let error as APIError where error.failure == .refused || error.failure == .conflict {
                try self.journal.append(
                    .cancelFailed(part: part.id, campaignId: id, code: error.code, message: error.message))
                result.untouched += 1
                self.output("part \(part.id): campaign \(id) could not be cancelled: \(error.message)")
            } catch {
                throw CampaignError.from(error, doing: "cancelling campaign \(id)")
            }
        }
        return result
    }
}
