import ArtifactText
import CubeAPI
import Foundation
import Testing
@testable import CampaignCore
import RunArtifacts
import Sysexits

@Suite("Submit planning")
struct SubmitPlanningTests {
    @Test("campaign names carry the run id and part, within 120 characters")
    func names() {
        let name = BatchPlan.campaignName(pipeline: String(repeating: "p", count: 200), runId: "2026-05-01", part: "2", of: 3)
        #expect(name.count <= 120)
        #expect(name.hasSuffix("2026-05-01 · part 2/3"))
    }

    static func plan(
        batches: [(count: Int, digest: String)] = [(20, "d1"), (10, "d2")], params: [String] = [],
        account: String = "a"
    ) -> BatchPlan {
        var plan = BatchPlan(
            runId: "r", pipeline: "p", account: account, template: "t", language: "ar", params: params,
            timezone: "UTC", window: "09:00-21:00", batchSize: 20, plannedAt: "2026-05-01T10:00:00Z",
            recipients: batches.reduce(0) { $0 + $1.count }, batches: [])
        var start = 0
        for (index, batch) in batches.enumerated() {
            plan.batches.append(
                .init(
                    index: index + 1, start: start, byteOffset: Int64(start * 10), count: batch.count,
                    digest: batch.digest, idempotencyKey: "", name: "", scheduledAt: nil))
            start += batch.count
        }
        for position in plan.batches.indices {
            let batch = plan.batches[position]
            plan.batches[position].idempotencyKey = plan.idempotencyKey(
                part: String(batch.index), batch: batch.index, offset: 0,
                count: batch.count, scheduledAt: nil)
        }
        return plan
    }

    @Test("keys cover every field of the request, and nothing else")
    func keys() {
        let plan = Self.plan()
        let a = plan.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil)
        #expect(a == plan.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
        #expect(
            a
                != Self.plan(batches: [(20, "e"), (10, "d2")]).idempotencyKey(
                    part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
        #expect(a != plan.idempotencyKey(part: "1", batch: 1, offset: 5, count: 10, scheduledAt: nil))
        #expect(a != plan.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: "2026-05-02T06:00:00Z"))
        #expect(a != Self.plan(params: ["X"]).idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
        #expect(a != Self.plan(account: "b").idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
        var other = Self.plan()
        other.language = "en"
        #expect(a != other.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
        other = Self.plan()
        other.timezone = "Asia/Riyadh"
        #expect(a != other.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
        other = Self.plan(batches: [(20, "d1"), (10, "d2"), (5, "d3")])
        #expect(a != other.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil), "the name says part i/n")
        // A zone group's part: its zone and its window are in the key too.
        other = Self.plan()
        other.batches[0].zone = "Asia/Riyadh"
        let zoned = other.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil)
        #expect(a != zoned)
        other.batches[0].window = "09:00-21:00"
        #expect(zoned != other.idempotencyKey(part: "1", batch: 1, offset: 0, count: 10, scheduledAt: nil))
    }

    @Test("a part without a zone group keeps the key runs already in flight were sent with")
    func keyOfInputOrder() {
        let plan = Self.plan()
        let material = [
            "cube-campaigns/2", "p", "r", "a", "t", "ar", "[]", "p · r · part 1/2", "now", "UTC", "1", "d1", "0", "20",
        ]
        #expect(plan.batches[0].idempotencyKey == "cc2-" + Hashing.sha256Hex(material.joined(separator: "\n")).prefix(40))
    }

    @Test("a changed plan says which field changed")
    func difference() {
        let plan = Self.plan()
        #expect(plan.difference(from: plan) == nil)
        var edited = plan
        edited.language = "en"
        #expect(edited.difference(from: plan) == "template.language was ar, now en")
        #expect(Self.plan(batches: [(20, "d1"), (10, "dX")]).difference(from: plan) == "the recipients of part 2 changed")
    }

    @Test("a tier refusal spreads the rest over the next days' window starts in the zone")
    func tierSplit() throws {
        let part = JournalState.Part(id: "1", batch: 1, offset: 0, count: 2500, scheduledAt: nil, status: .planned, key: "k")
        let schedule = Pipeline.ScheduleSpec(at: nil, timezone: "Asia/Riyadh", windowStart: 9 * 60, windowEnd: 21 * 60)
        let now = try #require(ISO8601DateFormatter().date(from: "2026-05-01T10:00:00Z"))
        let parts = try #require(
            TierSplit.parts(part: part, remaining: 1000, dailyLimit: 1000, window: SendWindow(schedule: schedule), now: now))
        #expect(parts.map(\.count) == [1000, 1000, 500])
        #expect(parts.map(\.offset) == [0, 1000, 2000])
        #expect(parts.map(\.scheduledAt) == [nil, "2026-05-02T06:00:00Z", "2026-05-03T06:00:00Z"])
        #expect(parts.map(\.part) == ["1.1", "1.2", "1.3"])
    }

    @Test("spill-over days open at the window's wall-clock start across a DST change")
    func tierSplitAcrossDST() throws {
        let part = JournalState.Part(id: "1", batch: 1, offset: 0, count: 300, scheduledAt: nil, status: .planned, key: "k")
        let schedule = Pipeline.ScheduleSpec(at: nil, timezone: "Europe/London", windowStart: 9 * 60, windowEnd: 21 * 60)
        let now = try #require(ISO8601DateFormatter().date(from: "2027-03-27T10:00:00Z"))
        let parts = try #require(
            TierSplit.parts(part: part, remaining: 100, dailyLimit: 100, window: SendWindow(schedule: schedule), now: now))
        // 2027-03-28 is the day clocks go forward in London: 09:00 there is 08:00Z.
        #expect(parts.map(\.scheduledAt) == [nil, "2027-03-28T08:00:00Z", "2027-03-29T08:00:00Z"])
    }

    @Test("the journal replays into units: splits replace, created stays created")
    func journalReplay() throws {
        let plan = Self.plan()
        let k1 = plan.batches[0].idempotencyKey
        let k11 = plan.idempotencyKey(part: "1.1", batch: 1, offset: 0, count: 5, scheduledAt: nil)
        let k12 = plan.idempotencyKey(part: "1.2", batch: 1, offset: 5, count: 15, scheduledAt: "2026-05-02T09:00:00Z")
        let entries: [JournalEvent] = [
            .planned(planDigest: "x", plannedAt: plan.plannedAt),
            .intent(part: "1", key: k1, offset: 0, count: 20, scheduledAt: nil),
            .deferred(part: "1", key: k1, code: "MESSAGING_TIER_LIMIT_EXCEEDED", message: ""),
            .split(
                part: "1",
                parts: [
                    .init(part: "1.1", offset: 0, count: 5, scheduledAt: nil),
                    .init(part: "1.2", offset: 5, count: 15, scheduledAt: "2026-05-02T09:00:00Z"),
                ]),
            .intent(part: "1.1", key: k11, offset: nil, count: nil, scheduledAt: nil),
            .created(part: "1.1", key: k11, campaignId: "c1"),
            .intent(part: "1.2", key: k12, offset: nil, count: nil, scheduledAt: nil),
            .unknown(part: "1.2", key: k12, code: nil, message: "timeout"),
        ]
        let state = try JournalState(plan: plan, events: entries)
        #expect(state.parts.map(\.id) == ["1.1", "1.2", "2"])
        #expect(state.parts[0].status == .created("c1"))
        #expect(state.parts[1].status == .unknown("timeout"))
        #expect(state.parts[2].status == .planned)
        #expect(SubmitStage.needsSending(state.parts[1].status))
        #expect(!SubmitStage.needsSending(state.parts[0].status))
    }

    @Test("a journal written for another plan is refused, naming the line and the part")
    func journalBoundToPlan() throws {
        let old = Self.plan(batches: [(20, "d1"), (1, "d2")])
        let entries: [JournalEvent] = [
            .intent(part: "1", key: old.batches[0].idempotencyKey, offset: 0, count: 20, scheduledAt: nil),
            .created(part: "1", key: old.batches[0].idempotencyKey, campaignId: "c1"),
        ]
        #expect(try JournalState(plan: old, events: entries).parts[0].status == .created("c1"))
        // The same run replanned with batch_size 5: part 1 now holds other recipients.
        let replanned = Self.plan(batches: [(5, "e1"), (5, "e2"), (5, "e3"), (5, "e4"), (1, "e5")])
        let error = #expect(throws: CampaignError.self) { try JournalState(plan: replanned, events: entries) }
        #expect(error?.status == .dataError)
        #expect(error?.message.contains("journal.ndjson line 1: part 1 was sent with key") == true)
        // A part the plan does not have at all.
        let stray: [JournalEvent] = [.intent(part: "7", key: "k", offset: nil, count: nil, scheduledAt: nil)]
        #expect(throws: CampaignError.self) { try JournalState(plan: old, events: stray) }
    }

    @Test("an intent after a refusal makes the outcome open again: the request may no longer change")
    func intentAfterRejection() throws {
        let plan = Self.plan()
        let key = plan.batches[0].idempotencyKey
        let entries: [JournalEvent] = [
            .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
            .rejected(part: "1", key: key, code: "VALIDATION_ERROR", message: "x"),
            .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
        ]
        let state = try JournalState(plan: plan, events: entries)
        #expect(state.parts[0].status == .attempted)
        #expect(!JournalState.mayChangeRequest(state.parts[0]))
    }
}

@Suite("Submit: what may exist stays as it was asked")
struct MayExistTests {
    @Test("a retry refused (or not connected) after a create that got no answer leaves the unit unchangeable")
    func refusalAfterNoAnswer() throws {
        let plan = SubmitPlanningTests.plan()
        let key = plan.batches[0].idempotencyKey
        let entries: [JournalEvent] = [
            .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
            .unknown(part: "1", key: key, code: "NO_ANSWER", message: "timeout"),
            .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
            .rejected(part: "1", key: key, code: "NOT_CONNECTED", message: "refused"),
        ]
        let state = try JournalState(plan: plan, events: entries)
        #expect(state.parts[0].mayExist)
        #expect(!JournalState.mayChangeRequest(state.parts[0]))
        // Two intents in a row: the first one's request may have gone out.
        let twice = try JournalState(
            plan: plan,
            events: [
                .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
                .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
                .rejected(part: "1", key: key, code: "VALIDATION_ERROR", message: "x"),
            ])
        #expect(twice.parts[0].mayExist)
        // An operator's word clears it.
        let resolved = try JournalState(
            plan: plan, events: entries + [.resolved(part: "1", campaignId: nil, message: "operator: resend")])
        #expect(!resolved.parts[0].mayExist)
        #expect(JournalState.mayChangeRequest(resolved.parts[0]))
        // A plain refusal of the first try changes nothing on the server: the request may change.
        let refused = try JournalState(
            plan: plan,
            events: [
                .intent(part: "1", key: key, offset: nil, count: nil, scheduledAt: nil),
                .rejected(part: "1", key: key, code: "VALIDATION_ERROR", message: "x"),
            ])
        #expect(JournalState.mayChangeRequest(refused.parts[0]))
    }

    @Test("a batch whose lines no longer hash to the plan's digest is never read for sending")
    func batchDigest() throws {
        let folder = NSTemporaryDirectory() + "batch-\(UUID().uuidString.prefix(8))"
        let run = try RunDirectory(path: folder)
        let lines = (0..<4).map { #"{"phone":"+96650000000\#($0)","record":\#($0),"source":"a.csv"}"# + "\n" }
        try lines.joined().write(toFile: run.recipients, atomically: true, encoding: .utf8)
        var hasher = IncrementalSHA256()
        Array(lines.joined().utf8).withUnsafeBytes { hasher.update($0) }
        let batch = BatchPlan.Batch(
            index: 1, start: 0, byteOffset: 0, count: 4, digest: hasher.hex(), idempotencyKey: "k",
            name: "n", scheduledAt: nil)
        let plan = BatchPlan(
            runId: "r", pipeline: "p", account: "a", template: "t", language: "ar", params: [], timezone: "UTC",
            window: "00:00-24:00", batchSize: 4, plannedAt: "2026-12-02T00:00:00Z", recipients: 4, batches: [batch])
        #expect(
            try RecipientBatchReader.read(run: run, plan: plan, batch: batch, offset: 1, count: 2).map(\.phone) == [
                "+966500000001", "+966500000002",
            ])
        try [lines[1], lines[0], lines[2], lines[3]].joined().write(toFile: run.recipients, atomically: true, encoding: .utf8)
        let error = #expect(throws: CampaignError.self) {
            try RecipientBatchReader.read(run: run, plan: plan, batch: batch, offset: 0, count: 4)
        }
        #expect(error?.message.contains("no longer holds the recipients plan.json planned for part 1") == true)
        #expect(throws: CampaignError.self) {
            try RecipientBatchReader.read(run: run, plan: plan, batch: batch, offset: 3, count: 2)
        }
    }

    /// recipients.ndjson lines as validate writes them, one per phone.
    static func recipientLines(_ phones: [String]) -> [String] {
        phones.enumerated().map { index, phone in #"{"phone":"\#(phone)","source":"a.csv","record":\#(index + 1)}"# + "\n" }
    }

    /// A run directory holding `lines` as its recipients, and a local_time pipeline (`timezone`: `timezone: X, ` or nothing).
    static func zonedRun(_ lines: [String], timezone: String) throws -> (RunDirectory, Pipeline) {
        let run = try RunDirectory(path: NSTemporaryDirectory() + "zoned-\(UUID().uuidString.prefix(8))")
        try lines.joined().write(toFile: run.recipients, atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader(environment: [:]).parse(
            """
            name: zoned
            account: a
            template: {name: t, language: ar}
            mapping: {phone: mobile}
            schedule: {\(timezone)window: "09:00-21:00", local_time: true}
            """, path: "zoned.yaml")
        return (run, pipeline)
    }

    @Test(
        "a started zoned run keeps its zone groups: a rebuilt plan takes them (and recipients.zones) from the plan, not from this machine's tzdata"
    )
    func keptGroups() throws {
        var lines = Self.recipientLines(["+966501234567", "+447400123456", "+966501234568"])
        // A line not in validate's own order is read by the JSON parser.
        lines[1] = #"{"source":"a.csv","record":2,"phone":"+447400123456"}"# + "\n"
        let (run, pipeline) = try Self.zonedRun(lines, timezone: "timezone: Asia/Riyadh, ")
        let moment = try #require(Timestamp.parse("2026-12-02T23:00:00Z"))
        let (plan, layout) = try BatchPlan.build(pipeline: pipeline, run: run, at: moment)
        try layout?.write(run)
        #expect(plan.groups?.map(\.zone) == ["Asia/Riyadh", "Europe/London"])
        #expect(plan.batches.map(\.count) == [2, 1] && plan.batches.map(\.group) == [0, 1])
        // As if tzdata had been updated since: the kept plan's groups stand.
        var kept = plan
        kept.groups?[1].zones = ["Europe/London", "Europe/Dublin"]
        let rebuilt = try BatchPlan.build(pipeline: pipeline, run: run, at: moment, keeping: kept).plan
        #expect(rebuilt.groups == kept.groups && rebuilt.difference(from: kept) == nil)
        // Without recipients.zones, the groups are worked out again (and would be compared).
        try FileManager.default.removeItem(atPath: run.file(ZoneIndex.file))
        #expect(try BatchPlan.build(pipeline: pipeline, run: run, at: moment, keeping: kept).plan.groups == plan.groups)
        // The zoned copy holds each group's lines together, in validate's order.
        let zoned = try String(contentsOfFile: run.file(ZoneIndex.zonedRecipients), encoding: .utf8)
        #expect(zoned == lines[0] + lines[2] + lines[1])
    }

    @Test("numbers placed in no region keep schedule.timezone, named as the pipeline names it (UTC, which Foundation calls GMT)")
    func fallbackGroup() throws {
        let (run, pipeline) = try Self.zonedRun(Self.recipientLines(["+966501234567", "+80012345678"]), timezone: "")
        let moment = try #require(Timestamp.parse("2026-12-02T23:00:00Z"))
        let plan = try BatchPlan.build(pipeline: pipeline, run: run, at: moment).plan
        #expect(plan.groups?.map(\.zone) == ["Asia/Riyadh", "UTC"])
        #expect(plan.groups?.last?.note?.contains("schedule.timezone") == true)
        let window = try plan.sendWindow(of: 2)
        let part = JournalState.Part(
            id: "2", batch: 2, offset: 0, count: 1, scheduledAt: plan.batches[1].scheduledAt, status: .planned, key: "k")
        let request = SubmitStage.request(for: part, recipients: [], plan: plan, zone: window.zone)
        #expect(
            request.timezone == "UTC" && request.scheduledAt == "2026-12-03T09:00:00",
            "\(String(describing: request.scheduledAt))")
    }
}
