/// Walks the run's units alongside the recipients (both in recipients order)
/// and holds the results of the one campaign the walk is in: entering the next
/// unit fetches its results and lets the previous one's go.
struct UnitCursor {
    let units: [JournalState.Unit]
    /// Where each unit ends among all recipients, computed once rather than per record.
    private let ends: [Int]
    private var index = 0
    private var loaded: String?
    private(set) var results: [String: ResultLine] = [:]

    init(plan: BatchPlan, units: [JournalState.Unit]) {
        self.units = units
        self.ends = units.map { unit in
            guard let batch = plan.batches.first(where: { $0.index == unit.batch }) else { return 0 }
            return batch.start + unit.offset + unit.count
        }
    }

    /// The unit holding the `ordinal`-th recipient, with its campaign's results loaded.
    mutating func unit(at ordinal: Int, snapshots: [String: CampaignSnapshot], results: CampaignResults) async throws -> JournalState.Unit? {
        while self.index < self.units.count, self.ends[self.index] <= ordinal { self.index += 1 }
        guard self.index < self.units.count else { return nil }
        let unit = self.units[self.index]
        if unit.id != self.loaded {
            self.loaded = unit.id
            self.results = [:]
            if case .created(let id) = unit.status, let snapshot = snapshots[id] {
                self.results = try await results.results(for: snapshot)
            }
        }
        return unit
    }
}
