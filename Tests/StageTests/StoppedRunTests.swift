import CampaignCore
import ContactHistory
import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird
import HummingbirdTesting
import Reporting
import RunArtifacts
import Sysexits
import Testing

/// A run stopped (its canary failed, or an operator cancelled it) while its submit had not created
/// every part: cancelling reaches only the campaigns that exist, so the journal says the run is
/// stopped and a later submit sends nothing more. Judged by the sandbox's own record.
@Suite("A stopped run sends nothing more")
struct StoppedRunTests {
    /// A live sandbox whose recipients fail at `failureRate`, a paced run of 100 whose submit stopped
    /// after the canary (part 1), and what `body` does to it then.
    static func stoppedAfterCanary(
        failureRate: Double,
        _ body: @escaping @Sendable (CubeClient, SandboxControlPath, Pipeline, RunDirectory, String) async throws -> Void
    ) async throws {
        try await LiveSandbox.run(failureRate: failureRate) { sandbox in
            let (cube, control) = (sandbox.client, sandbox.control)
            let (pipeline, run) = try PacedResumeTests.prepare("stopped-\(Int(failureRate * 100))")
            let history = LiveSandbox.history()
            _ = try await PacedResumeTests.submit(
                pipeline, run, client: cube, clock: PacedResumeTests.TestClock(), history: history, stopAfter: "1")
            #expect(try await control.sandboxCampaigns().count == 1, "the canary alone exists")
            try await body(cube, control, pipeline, run, history)
        }
    }

    /// A submit of the stopped run: refused with 65, naming the stop, creating nothing.
    static func expectRefused(_ cube: CubeClient, _ pipeline: Pipeline, _ run: RunDirectory, history: String, stop: String)
        async throws
    {
        var submit = SubmitStage(pipeline: pipeline, directory: run, client: cube, logger: StageTests.logger, output: { _ in })
        submit.history = .sqlite(path: history)
        do {
            _ = try await submit.run()
            Issue.record("a stopped run's submit must not go on")
        } catch let error as CampaignError {
            #expect(error.status == .dataError, "\(error)")
            #expect(error.message.contains("this run was stopped (\(stop)"), "\(error.message)")
            #expect(error.message.contains("3 part(s) of 90 recipients were never sent"), "\(error.message)")
        }
    }

    @Test("the canary fails while the later parts were never created: report pauses, and the next submit creates none of them")
    func failedCanary() async throws {
        try await Self.stoppedAfterCanary(failureRate: 0.9) { cube, control, pipeline, run, history in
            var report = ReportStage(
                pipeline: pipeline, directory: run, client: cube, logger: StageTests.logger,
                options: ReportStage.Options(timeout: 60))
            report.history = .sqlite(path: history)
            _ = try? await report.run()
            #expect(try AutoPauseDecision.load(run)?.canary == true, "the canary failed and the run is paused")
            try await Self.expectRefused(cube, pipeline, run, history: history, stop: "paused by report: the canary failed")
            #expect(try await control.sandboxCampaigns().count == 1, "nothing more was created")
        }
    }

    @Test("campaign-submit --cancel on a run stopped half-way: a later submit creates nothing")
    func cancelled() async throws {
        try await Self.stoppedAfterCanary(failureRate: 0) { cube, control, pipeline, run, history in
            var submit = SubmitStage(
                pipeline: pipeline, directory: run, client: cube, logger: StageTests.logger, output: { _ in })
            submit.history = .sqlite(path: history)
            _ = try await submit.cancel(plan: try #require(try BatchPlan.load(run)))
            try await Self.expectRefused(cube, pipeline, run, history: history, stop: "cancelled by campaign-submit --cancel")
            #expect(try await control.sandboxCampaigns().count == 1, "nothing more was created")
        }
    }

    @Test("a part whose create got no answer, in a cancelled run: named for the dashboard, never resent, the rest never sent")
    func openPart() async throws {
        try await LiveSandbox.run { sandbox in
            let (direct, control) = (sandbox.client, sandbox.control)
            let proxy = try ScriptedProxy(upstream: sandbox.base, dropAfterForwarding: [2], refuse: [3, 4, 5])
            let proxied = LiveSandbox.client(through: proxy)
            let (pipeline, run) = try PacedResumeTests.prepare("stopped-open")
            let history = LiveSandbox.history()
            var first = SubmitStage(
                pipeline: pipeline, directory: run, client: proxied, logger: StageTests.logger, output: { _ in })
            first.history = .sqlite(path: history)
            _ = try? await first.run()
            #expect(try await control.sandboxCampaigns().count == 2, "the canary, and part 2 whose answer was cut")

            let lines = PacedResumeTests.LineLog()
            var operator_ = SubmitStage(
                pipeline: pipeline, directory: run, client: direct, logger: StageTests.logger, output: { lines.append($0) })
            operator_.history = .sqlite(path: history)
            _ = try await operator_.cancel(plan: try #require(try BatchPlan.load(run)))
            #expect(lines.lines.contains { $0.contains("part(s) 2 may exist") }, "\(lines.lines)")
            do {
                _ = try await operator_.run()
                Issue.record("a stopped run's submit must not go on")
            } catch let error as CampaignError {
                #expect(error.status == .dataError, "\(error)")
                #expect(error.message.contains("2 part(s) of 60 recipients were never sent"), "\(error.message)")
                #expect(error.message.contains("part(s) 2 may exist"), "\(error.message)")
            }
            #expect(try await control.sandboxCampaigns().count == 2, "nothing was resent or sent")
        }
    }
}
