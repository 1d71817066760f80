import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The sandbox application on a live loopback port, quick (campaigns start at once and send fast),
/// with its API client, its control path and its base URL, for the stage tests that need a clock
/// or a proxy of their own.
struct LiveSandbox: Sendable {
    let client: CubeClient
    let control: SandboxControlPath
    let base: String

    static func run(failureRate: Double = 0, _ body: @escaping @Sendable (LiveSandbox) async throws -> Void) async throws {
        var options = SandboxOptions()
        options.port = 0
        options.startDelay = 0
        options.sendRate = 100_000
        options.failureRate = failureRate
        let app = try buildApplication(options: options)
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            try await body(
                LiveSandbox(
                    client: CubeClient(configuration: CubeConfiguration(baseURL: base, apiKey: "sandbox-key")),
                    control: SandboxControlPath(client: client), base: base))
        }
    }

    /// A client through `proxy`, retrying quickly and at most four times in all.
    static func client(through proxy: ScriptedProxy) -> CubeClient {
        CubeClient(
            configuration: CubeConfiguration(
                baseURL: proxy.url, apiKey: "sandbox-key", requestTimeout: 10,
                retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.05, maxDelay: 0.2)))
    }

    /// A contact history of the test's own: the default one (beside the runs' folder) outlives the test.
    static func history() -> String {
        NSTemporaryDirectory() + "stage-history-\(UUID().uuidString.prefix(8))/history.sqlite"
    }
}
