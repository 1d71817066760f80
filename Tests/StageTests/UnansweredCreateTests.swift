import CampaignCore
import ContactHistory
import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird
import HummingbirdTesting
import RunArtifacts
import Sysexits
import Testing

/// A create whose answer never came, retried with the same key and then refused (a 429): the first
/// try may have made the campaign, so the part must stay of unknown outcome. Were it journaled as
/// refused, a later submit could give it a new start and key (a paced plan resumed late does) and
/// the sandbox would hold its recipients twice.
@Suite("A create that got no answer, then a refusal")
struct UnansweredCreateTests {
    @Test(
        "a 429 after a create that got no answer keeps the part unknown; resumed late, its campaign is found again, not made twice"
    )
    func refusedAfterNoAnswer() async throws {
        try await LiveSandbox.run { sandbox in
            let (direct, control) = (sandbox.client, sandbox.control)
            // The second create (part 2) reaches the sandbox but its answer is cut; its three retries are refused.
            let proxy = try ScriptedProxy(upstream: sandbox.base, dropAfterForwarding: [2], refuse: [3, 4, 5])
            let proxied = LiveSandbox.client(through: proxy)
            let (pipeline, run) = try PacedResumeTests.prepare("unanswered")
            let history = LiveSandbox.history()
            let clock = PacedResumeTests.TestClock()

            var first = SubmitStage(
                pipeline: pipeline, directory: run, client: proxied, logger: StageTests.logger, output: { _ in },
                clock: { clock.now() })
            first.history = .sqlite(path: history)
            do {
                _ = try await first.run()
                Issue.record("the refused retries end the submit")
            } catch let error as CampaignError {
                #expect(error.status == .tryLater, "\(error)")
                #expect(error.message.contains("no answer while creating part 2"), "\(error.message)")
            }
            let unknown = try Journal(path: run.journal).events.contains {
                if case .unknown(let part, _, _, _) = $0 { part == "2" } else { false }
            }
            #expect(unknown, "part 2 may exist: its outcome is unknown, not refused")
            #expect(try await control.sandboxCampaigns().count == 2, "the canary and part 2, whose answer was cut")

            clock.advance(3 * 3_600)
            try await control.advanceClock(3 * 3_600)
            _ = try await PacedResumeTests.submit(pipeline, run, client: direct, clock: clock, history: history)
            let campaigns = try await control.sandboxCampaigns()
            #expect(campaigns.map(\.recipientCount).sorted() == [10, 30, 30, 30], "\(campaigns.map(\.recipientCount))")
            let phones = try await PacedResumeTests.phones(direct, campaigns: campaigns.map(\.campaignId))
            #expect(phones.count == 100 && Set(phones).count == 100, "each phone in exactly one campaign")
        }
    }
}
