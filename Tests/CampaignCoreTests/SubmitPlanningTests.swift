import Foundation
import Testing
@testable import CampaignCore

@Suite("Submit planning")
struct SubmitPlanningTests {
    @Test("campaign names carry the run id and part, within 120 characters")
    func names() {
        let name = BatchPlan.campaignName(pipeline: String(repeating: "p", count: 200), runId: "2026-05-01", part: "2", of: 3)
        #expect(name.count <= 120)
        #expect(name.hasSuffix("2026-05-01 · part 2/3"))
    }

    @Test("keys depend on content and position, and on nothing else")
    func keys() {
        let a = BatchPlan.idempotencyKey(pipeline: "p", runId: "r", unit: "1", digest: "d", offset: 0, count: 10, scheduledAt: nil)
        #expect(a == BatchPlan.idempotencyKey(pipeline: "p", runId: "r", unit: "1", digest: "d", offset: 0, count: 10, scheduledAt: nil))
        #expect(a != BatchPlan.idempotencyKey(pipeline: "p", runId: "r", unit: "1", digest: "e", offset: 0, count: 10, scheduledAt: nil))
        #expect(a != BatchPlan.idempotencyKey(pipeline: "p", runId: "r2", unit: "1", digest: "d", offset: 0, count: 10, scheduledAt: nil))
    }

    @Test("a tier refusal spreads the rest over the next days' window starts in the zone")
    func tierSplit() throws {
        let unit = JournalState.Unit(id: "1", batch: 1, offset: 0, count: 2500, scheduledAt: nil, status: .planned)
        let schedule = Pipeline.ScheduleSpec(at: nil, timezone: "Asia/Riyadh", windowStart: 9 * 60, windowEnd: 21 * 60)
        let now = try #require(ISO8601DateFormatter().date(from: "2026-05-01T10:00:00Z"))
        let parts = try #require(TierSplit.parts(unit: unit, remaining: 1000, dailyLimit: 1000, schedule: schedule, now: now))
        #expect(parts.map(\.count) == [1000, 1000, 500])
        #expect(parts.map(\.offset) == [0, 1000, 2000])
        #expect(parts.map(\.scheduledAt) == [nil, "2026-05-02T09:00:00", "2026-05-03T09:00:00"])
        #expect(parts.map(\.unit) == ["1.1", "1.2", "1.3"])
    }

    @Test("the journal replays into units: splits replace, created stays created")
    func journalReplay() {
        let plan = BatchPlan(runId: "r", pipeline: "p", account: "a", template: "t", language: "ar", timezone: "UTC",
                             recipients: 30, batches: [
                                .init(index: 1, start: 0, byteOffset: 0, count: 20, digest: "d1", idempotencyKey: "k1", name: "n1", scheduledAt: nil),
                                .init(index: 2, start: 20, byteOffset: 100, count: 10, digest: "d2", idempotencyKey: "k2", name: "n2", scheduledAt: nil),
                             ])
        let entries: [JournalEntry] = [
            .init(event: .intent, unit: "1", key: "k1"),
            .init(event: .deferred, unit: "1", code: "MESSAGING_TIER_LIMIT_EXCEEDED"),
            .init(event: .split, unit: "1", parts: [.init(unit: "1.1", offset: 0, count: 5, scheduledAt: nil),
                                                  .init(unit: "1.2", offset: 5, count: 15, scheduledAt: "2026-05-02T09:00:00")]),
            .init(event: .intent, unit: "1.1"),
            .init(event: .created, unit: "1.1", campaignId: "c1"),
            .init(event: .intent, unit: "1.2"),
            .init(event: .unknown, unit: "1.2", message: "timeout"),
        ]
        let state = JournalState(plan: plan, entries: entries)
        #expect(state.units.map(\.id) == ["1.1", "1.2", "2"])
        #expect(state.units[0].status == .created("c1"))
        #expect(state.units[1].status == .unknown("timeout"))
        #expect(state.units[2].status == .planned)
        #expect(SubmitStage.needsSending(state.units[1].status))
        #expect(!SubmitStage.needsSending(state.units[0].status))
    }
}
