import CampaignCore
import ContactHistory
import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RunArtifacts
import Sysexits
import Testing

/// A paced run whose submit stopped and ran again hours later, in process with a clock the test
/// moves (the sandbox's virtual clock moved with it). Judged by the sandbox's own record: when each
/// campaign starts, and every phone read back page by page.
@Suite("A paced plan resumed late")
struct PacedResumeTests {
    /// The submit's clock, moved by the test.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var date = Date()
        func now() -> Date { self.lock.withLock { self.date } }
        func advance(_ seconds: TimeInterval) { self.lock.withLock { self.date.addTimeInterval(seconds) } }
    }

    static let perHour = 30

    /// 100 recipients paced as `pace` says; with `languages`, every other one English (two groups).
    static func prepare(_ name: String, languages: Bool = false) throws -> (Pipeline, RunDirectory) {
        let folder = NSTemporaryDirectory() + "paced-resume-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var csv = "first_name,mobile,order,lang\n"
        for index in 0..<100 {
            csv += "N\(index),+9665\(String(format: "%08d", index)),O\(index),\(languages && index % 2 == 1 ? "en" : "ar")\n"
        }
        try csv.write(toFile: folder + "/input.csv", atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader().parse(
            """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            schedule: {timezone: UTC, window: "00:00-24:00"}
            pace: {canary: \(languages ? "10%" : "10"), canary_wait: 1h, per_hour: \(Self.perHour)}
            \(languages ? "language: {column: lang, map: {en: en_US}, fallback: ar}" : "")
            """, path: folder + "/pipeline.yaml")
        let run = try RunDirectory(path: folder + "/run")
        _ = try IngestStage(pipeline: pipeline, directory: run, logger: StageTests.logger).run(inputs: [folder + "/input.csv"])
        _ = try ValidateStage(pipeline: pipeline, directory: run, logger: StageTests.logger).run()
        return (pipeline, run)
    }

    /// Submits with the test's clock; with `stopAfter`, asks the stage to stop once that part exists.
    static func submit(
        _ pipeline: Pipeline, _ run: RunDirectory, client: CubeClient, clock: TestClock, history: String, stopAfter: String? = nil
    ) async throws -> [String] {
        let stop = StopRequest()
        let lines = LineLog()
        var stage = SubmitStage(
            pipeline: pipeline, directory: run, client: client, logger: StageTests.logger,
            output: { line in
                lines.append(line)
                if let part = stopAfter, line.hasPrefix("part \(part): created campaign") { stop.request("test") }
            }, stop: stop, clock: { clock.now() })
        stage.history = .sqlite(path: history)
        do {
            _ = try await stage.run()
        } catch let error as CampaignError where error.status == .tryLater && stopAfter != nil {
            // Stopped as asked.
        }
        return lines.lines
    }

    final class LineLog: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [String] = []
        func append(_ line: String) { self.lock.withLock { self.kept.append(line) } }
        var lines: [String] { self.lock.withLock { self.kept } }
    }

    /// Each campaign's start (the sandbox's `starts_at`) and size, oldest first.
    static func starts(_ client: SandboxControlPath) async throws -> [(start: Date, count: Int, campaign: String)] {
        try await client.sandboxCampaigns().compactMap { campaign in
            Timestamp.parse(campaign.startsAt).map { ($0, campaign.recipientCount, campaign.campaignId) }
        }.sorted { $0.start < $1.start }
    }

    /// Every phone of every campaign, read back page by page through the API.
    static func phones(_ cube: CubeClient, campaigns: [String]) async throws -> [String] {
        var phones: [String] = []
        for campaign in campaigns {
            var page = 1
            while true {
                let recipients = try await cube.recipients(campaignId: campaign, page: page, perPage: 100)
                phones += recipients.recipients.map(\.phone)
                guard recipients.recipients.count == 100 else { break }
                page += 1
            }
        }
        return phones
    }

    @Test("stopped after the canary, resumed 3 h later: the rest keep per_hour, one hour apart, and each phone is sent once")
    func afterTheCanary() async throws {
        // Part 2 was due an hour after the plan: two hours behind.
        try await Self.resume(stopAfter: "1", late: 3 * 3_600, behind: "2 h") { starts, clock in
            let canary = try #require(starts.first)
            #expect(canary.count == 10)
            for part in starts.dropFirst() {
                #expect(part.start >= canary.start.addingTimeInterval(3_600), "the canary's wait holds")
                #expect(part.start >= clock.now().addingTimeInterval(-60), "nothing is scheduled in the past")
            }
        }
    }

    @Test("stopped before anything was created, resumed 3 h later: the canary goes now and the rest wait its full hour")
    func beforeTheCanary() async throws {
        try await Self.resume(stopAfter: nil, late: 3 * 3_600, behind: "3 h") { starts, clock in
            let canary = try #require(starts.first)
            #expect(canary.count == 10)
            #expect(abs(canary.start.timeIntervalSince(clock.now())) < 120, "the canary goes at the resume")
            for part in starts.dropFirst() {
                #expect(part.start >= canary.start.addingTimeInterval(3_600), "the rest wait the canary's hour")
            }
        }
    }

    @Test("two groups (ar, en_US): both canaries are asked for before any later part of either")
    func canariesFirst() async throws {
        try await LiveSandbox.run { sandbox in
            let (pipeline, run) = try Self.prepare("canaries-first", languages: true)
            let lines = try await Self.submit(
                pipeline, run, client: sandbox.client, clock: TestClock(), history: LiveSandbox.history())
            let plan = try #require(try BatchPlan.load(run))
            #expect(plan.batches.filter { $0.canary == true }.map(\.language) == ["ar", "en_US"], "\(plan.batches)")
            // The journal's creates, in the order they were made.
            let created = try Journal(path: run.journal).events.compactMap { event -> String? in
                if case .created(let part, _, _) = event { part } else { nil }
            }
            let canaries = Set(plan.batches.filter { $0.canary == true }.map { String($0.index) })
            #expect(created.count == plan.batches.count, "\(lines)")
            #expect(Set(created.prefix(2)) == canaries, "the canaries first: \(created), canaries \(canaries)")
        }
    }

    /// Plans (and, with `stopAfter`, sends up to that part) now, moves both clocks `late` on, submits
    /// again; then checks per_hour, the parts' sizes and each phone once, and hands the starts to `check`.
    static func resume(
        stopAfter: String?, late: TimeInterval, behind: String,
        check: @escaping @Sendable ([(start: Date, count: Int, campaign: String)], TestClock) throws -> Void
    ) async throws {
        try await LiveSandbox.run { sandbox in
            let (cube, control) = (sandbox.client, sandbox.control)
            let (pipeline, run) = try Self.prepare("resume-\(stopAfter ?? "none")")
            let history = LiveSandbox.history()
            let clock = TestClock()
            if let stopAfter {
                _ = try await Self.submit(pipeline, run, client: cube, clock: clock, history: history, stopAfter: stopAfter)
                #expect(try await control.sandboxCampaigns().count == Int(stopAfter), "stopped after part \(stopAfter)")
            } else {
                // Planned, and nothing sent: what a submit killed before its first create leaves.
                _ = try SubmitStage(
                    pipeline: pipeline, directory: run, client: cube, logger: StageTests.logger, output: { _ in },
                    clock: { clock.now() }
                ).plan()
                let journal = try Journal(path: run.journal)
                let plan = try #require(try BatchPlan.load(run))
                try journal.append(.planned(planDigest: try plan.digest(), plannedAt: plan.plannedAt))
            }
            clock.advance(late)
            try await control.advanceClock(late)
            let lines = try await Self.submit(pipeline, run, client: cube, clock: clock, history: history)
            #expect(lines.contains { $0.contains("the paced plan is \(behind)") }, "\(lines)")

            let starts = try await Self.starts(control)
            #expect(starts.map(\.count).sorted() == [10, 30, 30, 30], "\(starts.map(\.count))")
            let byHour = Dictionary(grouping: starts.dropFirst(), by: { Int($0.start.timeIntervalSince1970 / 3_600) })
            for (hour, parts) in byHour {
                #expect(parts.reduce(0) { $0 + $1.count } <= Self.perHour, "hour \(hour) holds \(parts.map(\.count))")
            }
            let phones = try await Self.phones(cube, campaigns: starts.map(\.campaign))
            #expect(phones.count == 100 && Set(phones).count == 100, "each phone in exactly one campaign")
            try check(starts, clock)
            let again = try await Self.submit(pipeline, run, client: cube, clock: clock, history: history)
            #expect(!again.contains { $0.contains("created campaign") }, "a third submit creates nothing")
            #expect(try await control.sandboxCampaigns().count == 4)
        }
    }
}

/// The sandbox's control path, through the test's own client of the live application.
struct SandboxControlPath {
    let client: any TestClientProtocol

    func sandboxCampaigns() async throws -> [SandboxCampaignSummary] {
        try await self.client.execute(uri: "/_sandbox/campaigns", method: .get) { response in
            try JSONDecoder().decode(Envelope<[SandboxCampaignSummary]>.self, from: Data(response.body.readableBytesView)).data
        }
    }

    func advanceClock(_ seconds: TimeInterval) async throws {
        let body = ByteBuffer(bytes: Array(try JSONEncoder().encode(SandboxClockChange(advance: seconds))))
        try await self.client.execute(
            uri: "/_sandbox/clock", method: .post, headers: [.contentType: "application/json"], body: body
        ) { response in
            #expect(response.status == .ok)
        }
    }
}
