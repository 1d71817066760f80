import CubeAPI
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Receives campaign webhooks while `campaign-report` waits: checks each
/// signature (401 for bad or stale ones) and remembers which campaigns the API
/// says are completed, so polling for them can stop early.
public final class WebhookListener: @unchecked Sendable {
    private let lock = NSLock()
    private var completedIDs = Set<String>()
    private var task: Task<Void, any Error>?
    private let secret: String
    private let logger: Logger
    public private(set) var port = 0

    public init(secret: String, logger: Logger) {
        self.secret = secret
        self.logger = logger
    }

    public var completed: Set<String> { self.lock.withLock { self.completedIDs } }

    /// Starts listening on `host:port` and returns once the port is bound.
    public func start(host: String, port: Int) async throws {
        let router = Router()
        router.post("/**") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let verdict = WebhookSignature.verify(
                body: body,
                timestamp: HTTPField.Name(HeaderName.webhookTimestamp.rawValue).flatMap { request.headers[$0] },
                signature: HTTPField.Name(HeaderName.webhookSignature.rawValue).flatMap { request.headers[$0] },
                secret: self.secret)
            guard verdict == .valid else {
                self.logger.warning("refused a webhook", metadata: ["verdict": .string("\(verdict)")])
                return Response(status: .unauthorized)
            }
            if let event = try? JSONDecoder().decode(WebhookEvent.self, from: body) {
                self.logger.info("webhook", metadata: ["event": .string(event.event), "campaign": .string(event.campaignId)])
                if event.event == "campaign.completed" {
                    _ = self.lock.withLock { self.completedIDs.insert(event.campaignId) }
                }
            }
            return Response(status: .ok)
        }
        let ready = AsyncStream<Int>.makeStream()
        var quiet = Logger(label: "webhook-listener")
        quiet.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)),
                              onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? port) },
                              logger: quiet)
        self.task = Task { try await app.run() }
        for await bound in ready.stream {
            self.port = bound
            return
        }
    }

    public func stop() {
        self.task?.cancel()
    }
}
