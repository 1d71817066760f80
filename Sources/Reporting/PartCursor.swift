import CampaignCore
import RunArtifacts
import Sysexits
/// Walks the run's parts alongside the recipients (in recipients order) and
/// holds the results of the campaign the walk is in: entering the next part
/// fetches its results and lets the previous one's go.
///
/// A plan in input order is one lane: the ordinal-th recipient is the
/// ordinal-th of the plan. A plan by zone group (`schedule.local_time`) has a
/// lane per group: a recipient's place is its group's first place plus how many
/// of its group came before it (`recipients.zones` says its group), and each
/// lane keeps its own campaign's results, so memory is one campaign per group.
struct PartCursor {
    private struct Lane {
        var parts: [JournalState.Part] = []
        /// Where each part ends among the plan's places, computed once rather than per record.
        var ends: [Int] = []
        var index = 0
        var loaded: String?
        var results: [String: ResultLine] = [:]
        /// The plan's place of the lane's next recipient.
        var next = 0
    }

    private var lanes: [Lane]
    /// The group of each recipient, in recipients order; nil: one lane.
    private let members: [UInt16]?
    private var current = 0

    /// The group of the last recipient asked for (nil for a plan in input order).
    var group: Int? { self.members == nil ? nil : self.current }

    /// The results of the campaign the last recipient asked for is in.
    var results: [String: ResultLine] { self.lanes[self.current].results }

    init(plan: BatchPlan, parts: [JournalState.Part], members: [UInt16]?) throws {
        self.members = members
        let laneCount = members == nil ? 1 : plan.groups?.count ?? 0
        let damaged = CampaignError(
            .dataError, "\(RunFile.plan) names a zone group it does not have",
            hint: "put back the \(RunFile.plan) this run was planned with")
        var lanes = [Lane](repeating: Lane(), count: laneCount)
        // A group's first place: where its first batch starts (groups follow each other in the zoned file).
        for batch in plan.batches.reversed() where members != nil {
            guard let group = batch.group, lanes.indices.contains(group) else { throw damaged }
            lanes[group].next = batch.start
        }
        for part in parts {
            guard let batch = plan.batch(part.batch) else { continue }
            let lane = members == nil ? 0 : batch.group ?? -1
            guard lanes.indices.contains(lane) else { throw damaged }
            lanes[lane].parts.append(part)
            lanes[lane].ends.append(batch.start + part.offset + part.count)
        }
        if let members, !members.allSatisfy({ Int($0) < laneCount }) { throw damaged }
        self.lanes = lanes
    }

    /// The part holding the `ordinal`-th recipient, with its campaign's results loaded.
    mutating func part(at ordinal: Int, snapshots: [String: CampaignSnapshot], results: CampaignResults) async throws
        -> JournalState.Part?
    {
        let place: Int
        if let members = self.members {
            guard ordinal < members.count else {
                throw CampaignError(
                    .dataError, "\(RunFile.recipients) has more recipients than \(RunFile.zones) names",
                    hint: "put back the \(RunFile.recipients) this run was planned with")
            }
            self.current = Int(members[ordinal])
            place = self.lanes[self.current].next
            self.lanes[self.current].next += 1
        } else {
            self.current = 0
            place = ordinal
        }
        let lane = self.current
        while self.lanes[lane].index < self.lanes[lane].parts.count, self.lanes[lane].ends[self.lanes[lane].index] <= place {
            self.lanes[lane].index += 1
        }
        guard self.lanes[lane].index < self.lanes[lane].parts.count else { return nil }
        let part = self.lanes[lane].parts[self.lanes[lane].index]
        if part.id != self.lanes[lane].loaded {
            self.lanes[lane].loaded = part.id
            // The last campaign's rows go before the next one's come.
            self.lanes[lane].results = [:]
            if case .created(let id) = part.status, let snapshot = snapshots[id] {
                self.lanes[lane].results = try await results.results(for: snapshot)
            }
        }
        return part
    }
}
