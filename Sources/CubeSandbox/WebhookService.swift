import AsyncHTTPClient
import CubeAPI
import Foundation
import Hummingbird
import ServiceLifecycle
import Logging
import NIOCore
import NIOHTTP1

/// Sends `campaign.created|started|completed` to the configured URL, signed as
/// the vendor signs them (hex HMAC-SHA256 of "{timestamp}.{raw body}"), and
/// retries with backoff while the receiver fails.
struct WebhookService: Service {
    let store: any SandboxStore
    let clock: VirtualClock
    let url: String
    let secret: String
    let logger: Logger

    /// Polls for due events until the server shuts down; a campaign's events
    /// go out in order, different campaigns' in parallel.
    func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                while !Task.isCancelled {
                    let due = await self.store.dueEvents(now: self.clock.now())
                    let byCampaign = Dictionary(grouping: due, by: \.campaignId)
                    for events in byCampaign.values {
                        group.addTask {
                            for event in events { await self.deliver(event) }
                        }
                    }
                    try? await Task.sleep(for: .milliseconds(200))
                }
                group.cancelAll()
            }
        }
    }

    func deliver(_ event: WebhookEvent) async {
        guard let body = try? JSONEncoder.api.encode(event) else { return }
        let policy = RetryPolicy(maxAttempts: 8, baseDelay: 0.5, maxDelay: 30)
        for attempt in 1...policy.maxAttempts {
            if Task.isCancelled { return }
            let timestamp = Timestamp.utc(Date())
            var request = HTTPClientRequest(url: self.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: HeaderName.webhookTimestamp.rawValue, value: timestamp)
            request.headers.add(
                name: HeaderName.webhookSignature.rawValue,
                value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: self.secret))
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 1 << 20)
                if (200..<300).contains(Int(response.status.code)) { return }
                self.logger.warning(
                    "webhook refused",
                    metadata: ["event": .string(event.event), "status": .stringConvertible(response.status.code)])
            } catch {
                self.logger.warning("webhook failed", metadata: ["event": .string(event.event), "error": .string("\(error)")])
            }
            try? await Task.sleep(for: .seconds(policy.delay(afterAttempt: attempt)))
        }
    }
}
