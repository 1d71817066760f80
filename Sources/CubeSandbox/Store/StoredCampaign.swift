import CubeAPI
import Foundation

/// One campaign as the sandbox keeps it. Its progress is not stored but derived
/// from the virtual clock (`CampaignLife`), so moving the clock moves every
/// campaign consistently and nothing needs a background timer.
struct StoredCampaign: Codable, Sendable {
    var id: String
    var name: String?
    var account: String
    var templateName: String
    var language: String
    var createdAt: Date
    var scheduledAt: Date?
    var startAt: Date
    var sendRate: Double
    var phones: [String]
    var names: [String?]
    /// Per recipient: nil = sent, else the index of its failure reason.
    var outcomes: [UInt8?]
    var cancelledAt: Date?
    var idempotencyKey: String?
    var requestDigest: String
    var tierDay: String?
    var requestedCount: Int
    var webhooksSent: Set<String> = []

    var total: Int { self.phones.count }
}

/// Derived indexes over a campaign's outcomes, rebuilt on load.
struct CampaignIndex: Sendable {
    var failedPositions: [Int]
    var sentPositions: [Int]

    init(_ campaign: StoredCampaign) {
        var failed: [Int] = []
        var sent: [Int] = []
        sent.reserveCapacity(campaign.total)
        for (index, outcome) in campaign.outcomes.enumerated() {
            if outcome == nil { sent.append(index) } else { failed.append(index) }
        }
        self.failedPositions = failed
        self.sentPositions = sent
    }

    /// How many of `positions` are below `limit` (positions are sorted).
    static func countBelow(_ positions: [Int], _ limit: Int) -> Int {
        var low = 0
        var high = positions.count
        while low < high {
            let mid = (low + high) / 2
            if positions[mid] < limit { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Where a campaign is at a given instant.
struct CampaignLife {
    var status: CampaignStatus
    var processed: Int

    init(_ campaign: StoredCampaign, at now: Date) {
        if campaign.cancelledAt != nil {
            self.status = .cancelled
            self.processed = 0
            return
        }
        let elapsed = now.timeIntervalSince(campaign.startAt)
        if elapsed < 0 {
            self.status = .pending
            self.processed = 0
            return
        }
        let processed = min(campaign.total, Int((elapsed * campaign.sendRate).rounded(.down)))
        self.processed = processed
        self.status = processed >= campaign.total ? .completed : .processing
    }

    /// When recipient `index` was (or will be) processed.
    static func processedAt(_ campaign: StoredCampaign, index: Int) -> Date {
        campaign.startAt.addingTimeInterval(Double(index + 1) / campaign.sendRate)
    }
}
