import CampaignCore
import ContactHistory
import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Reporting
import RunArtifacts
import Synchronization
import Testing

/// A `campaign.completed` webhook for a campaign the API still calls open (an event that outran
/// the status, or a replay) wakes report's wait once, not into a loop of polls.
@Suite("Report's wait and the webhooks that end it")
struct WebhookWakeTests {
    /// Counts the log lines that say a webhook ended the wait.
    final class WakeCounter: @unchecked Sendable {
        let count = Mutex(0)
    }

    struct CountingHandler: LogHandler {
        let counter: WakeCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            if message.description.hasPrefix("a webhook reported a campaign completed") {
                self.counter.count.withLock { $0 += 1 }
            }
        }
    }

    @Test("a completed event the API contradicts, seen on every ask for 3 s, wakes the wait once")
    func oneWakePerCampaign() async throws {
        var options = SandboxOptions()
        options.port = 0
        // The campaign stays open for the whole test.
        options.startDelay = 3600
        let app = try buildApplication(options: options)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let cube = CubeClient(configuration: CubeConfiguration(baseURL: "http://127.0.0.1:\(port)", apiKey: "sandbox-key"))
            let (pipeline, run, input) = try StageTests.prepare("webhook-wake", count: 5, batchSize: 10)
            _ = try IngestStage(pipeline: pipeline, directory: run, logger: StageTests.logger).run(inputs: [input])
            _ = try ValidateStage(pipeline: pipeline, directory: run, logger: StageTests.logger).run()
            let history = HistoryLocation.sqlite(
                path: NSTemporaryDirectory() + "wake-history-\(UUID().uuidString.prefix(8))/history.sqlite")
            var submit = SubmitStage(
                pipeline: pipeline, directory: run, client: cube, logger: StageTests.logger, output: { _ in })
            submit.history = history
            #expect(try await submit.run().created == 1)
            let ids = Set(try Journal(path: run.journal).events.compactMap(\.campaignId))
            #expect(ids.count == 1)

            let counter = WakeCounter()
            let logger = Logger(label: "wake") { _ in CountingHandler(counter: counter) }
            var stage = ReportStage(
                pipeline: pipeline, directory: run, client: cube, logger: logger,
                options: ReportStage.Options(wait: true, timeout: 3))
            stage.history = history
            stage.options.listening = true
            // What a listener that never forgets (or a replay every 100 ms) would answer.
            stage.completedByWebhook = { ids }
            let (completion, _) = try await stage.run()
            guard case .notYet = completion else {
                Issue.record("the campaign was expected to stay open")
                return
            }
            #expect(counter.count.withLock { $0 } == 1)
        }
    }
}
