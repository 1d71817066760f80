import ArtifactText
import Foundation
import RunArtifacts
import Testing
import Sysexits

/// The run's JSON documents (`plan.json`, `run.json`, `template.json`, `auto-pause.json`) and the zone
/// index: each written and read back by the type that owns it, and a damaged one refused with its file.
struct JSONArtifactTests {
    static func run() throws -> RunDirectory {
        try RunDirectory(path: NSTemporaryDirectory() + "artifacts-\(UUID().uuidString.prefix(8))")
    }

    static let plan = BatchPlan(
        runId: "r", pipeline: "p", account: "a", template: "t", language: "ar", params: ["X"], timezone: "Asia/Riyadh",
        window: "09:00-21:00", batchSize: 2, plannedAt: "2026-12-03T06:00:00Z", recipients: 3,
        batches: [
            .init(
                index: 1, start: 0, byteOffset: 0, count: 2, digest: "d1", idempotencyKey: "cc2-1", name: "p · r · part 1/2",
                scheduledAt: nil, group: 0, zone: "Asia/Riyadh", window: "09:00-21:00"),
            .init(
                index: 2, start: 2, byteOffset: 120, count: 1, digest: "d2", idempotencyKey: "cc2-2", name: "p · r · part 2/2",
                scheduledAt: "2026-12-03T10:00:00Z", group: 1, zone: "Europe/London", window: "09:00-21:00"),
        ],
        order: BatchPlan.zoneOrder, zoneIndexDigest: Hashing.sha256Hex(Data(ZoneIndex.encode([0, 0, 1]))),
        groups: [
            .init(zone: "Asia/Riyadh", zones: ["Asia/Riyadh"], window: "09:00-21:00", regions: ["SA": 2], recipients: 2),
            .init(
                zone: "Europe/London", zones: ["Europe/London"], window: "09:00-21:00", regions: ["GB": 1], recipients: 1,
                note: "n"),
        ])

    @Test("plan.json round-trips, and its digest is of the bytes written")
    func planRoundTrip() throws {
        let run = try Self.run()
        #expect(try BatchPlan.load(run) == nil)
        try Self.plan.save(run)
        #expect(try BatchPlan.load(run) == Self.plan)
        #expect(try BatchPlan.read(run) == Self.plan)
        let bytes = try String(contentsOfFile: run.plan, encoding: .utf8)
        #expect(try Self.plan.digest() == Hashing.sha256Hex(bytes))
    }

    @Test("a plan.json with a field this release does not know is refused, naming the field")
    func planForeignField() throws {
        let run = try Self.run()
        try Self.plan.save(run)
        var text = try String(contentsOfFile: run.plan, encoding: .utf8)
        text = text.replacingOccurrences(of: #""digest" : "d2","#, with: #""digest" : "d2", "sender_id" : "x","#)
        try text.write(toFile: run.plan, atomically: true, encoding: .utf8)
        let error = #expect(throws: ArtifactError.self) { try BatchPlan.load(run) }
        #expect(error?.file == run.plan)
        #expect(error?.message.contains("batches.2.sender_id") == true, "\(String(describing: error))")
    }

    @Test(
        "a damaged plan.json is refused with its file",
        arguments: ["", "{", #"{"run_id": 1}"#, "[]", "\u{FF}"])
    func planDamaged(_ text: String) throws {
        let run = try Self.run()
        try Data(text.utf8).write(to: URL(fileURLWithPath: run.plan))
        let error = #expect(throws: ArtifactError.self) { try BatchPlan.read(run) }
        #expect(error?.file == run.plan && error?.exitStatus == .dataError)
    }

    @Test("run.json, template.json and auto-pause.json round-trip through their owners")
    func documents() throws {
        let run = try Self.run()
        #expect(try RunManifest.load(run) == RunManifest(runId: run.runId), "a new run starts a manifest")
        var manifest = RunManifest(runId: run.runId)
        manifest.inputs = [
            .init(
                path: "a.csv", bytes: 10, sha256: "s", format: "csv", encoding: "utf-8", compression: "none", records: 2,
                rejects: 0)
        ]
        manifest.stages.validate = .init(records: 2, accepted: 1, rejected: 1, byReason: ["bad_phone": 1])
        try manifest.save(run)
        #expect(try RunManifest.load(run) == manifest)

        #expect(try MessageTemplate.load(run) == nil)
        let template = MessageTemplate(name: "t", language: "ar", paramsCount: 1, body: "مرحبا {{1}}", header: "h")
        try template.save(run)
        #expect(try MessageTemplate.kept(in: run, name: "t", language: "ar") == template)
        #expect(try MessageTemplate.kept(in: run, name: "t", language: "en_US") == nil)

        #expect(try AutoPauseDecision.load(run) == nil)
        let decision = AutoPauseDecision(failed: 30, finished: 100, cancelled: ["2", "3"], recipients: 40, limit: 0.2)
        try decision.save(run)
        #expect(try AutoPauseDecision.load(run) == decision)

        try "{\"run_id\":".write(toFile: run.manifest, atomically: true, encoding: .utf8)
        let error = #expect(throws: ArtifactError.self) { try RunManifest.load(run) }
        #expect(error?.file == run.manifest)
    }

    @Test("recipients.zones round-trips, and one that is not the plan's is refused")
    func zoneIndex() throws {
        let run = try Self.run()
        try ZoneIndex.write(ZoneIndex.encode([0, 0, 1]), in: run)
        #expect(try ZoneIndex.members(run, plan: Self.plan) == [0, 0, 1])
        // Another grouping: its digest is not the plan's.
        try ZoneIndex.write(ZoneIndex.encode([0, 1, 1]), in: run)
        #expect(throws: ArtifactError.self) { try ZoneIndex.members(run, plan: Self.plan) }
        // A group the plan does not have, under a digest that matches.
        var plan = Self.plan
        plan.zoneIndexDigest = Hashing.sha256Hex(Data(ZoneIndex.encode([0, 0, 7])))
        try ZoneIndex.write(ZoneIndex.encode([0, 0, 7]), in: run)
        let error = #expect(throws: ArtifactError.self) { try ZoneIndex.members(run, plan: plan) }
        #expect(error?.message.contains("recipient 3 is in zone group 7") == true)
        // Written beside a zoned copy as long as recipients.ndjson: the files the plan refers to are there.
        try "line\n".write(toFile: run.recipients, atomically: true, encoding: .utf8)
        try "line\n".write(toFile: run.file(ZoneIndex.zonedRecipients), atomically: true, encoding: .utf8)
        #expect(ZoneIndex.isWritten(run, for: plan))
        try "line!\n".write(toFile: run.file(ZoneIndex.zonedRecipients), atomically: true, encoding: .utf8)
        #expect(!ZoneIndex.isWritten(run, for: plan))
    }
}
