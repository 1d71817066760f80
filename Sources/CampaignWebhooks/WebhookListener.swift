import CubeAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
public import Logging
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

    /// Refusals since the last log line, and when that was: a flood of bad requests is one line per
    /// `refusalLogInterval`, never a line each.
    private var refusedUnlogged = 0
    private var lastRefusalLog: Date?
    static let refusalLogInterval: TimeInterval = 10
    /// Idle connections close after this; at most `maxConnections` are open at once.
    static let idleTimeout: TimeAmount = .seconds(15)
    static let maxConnections = 64

    /// The campaigns reported completed since the last call, handed over once and forgotten.
    public func takeCompleted() -> Set<String> {
        self.lock.withLock {
            defer { self.completedIDs.removeAll() }
            return self.completedIDs
        }
    }

    private func refused(_ verdict: WebhookSignature.Verdict) {
        let line: Int? = self.lock.withLock {
            self.refusedUnlogged += 1
            let now = Date()
            guard self.lastRefusalLog.map({ now.timeIntervalSince($0) >= Self.refusalLogInterval }) ?? true else { return nil }
            defer { self.refusedUnlogged = 0 }
            self.lastRefusalLog = now
            return self.refusedUnlogged
        }
        if let line {
            self.logger.warning(
                "refused webhook(s)", metadata: ["verdict": .string("\(verdict)"), "count": .stringConvertible(line)])
        }
    }

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
                self.refused(verdict)
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
        let ready = AsyncThrowingStream<Int, any Error>.makeStream()
        var quiet = Logger(label: "webhook-listener")
        quiet.logLevel = .warning
        // Half-sent and idle connections are closed, and their number bounded, so nobody can hold the
        // descriptors the real webhooks need.
        let app = Application(
            router: router, server: .http1(configuration: .init(idleTimeout: Self.idleTimeout)),
            configuration: .init(
                address: .hostname(host, port: port),
                availableConnectionsDelegate: MaximumAvailableConnections(Self.maxConnections)),
            onServerRunning: { channel in
                ready.continuation.yield(channel.localAddress?.port ?? port)
                ready.continuation.finish()
            },
            logger: quiet)
        // A port already taken ends the wait with the server's error, instead of waiting forever.
        self.task = Task {
            do {
                try await app.run()
            } catch {
                ready.continuation.finish(throwing: error)
                throw error
            }
            ready.continuation.finish()
        }
        for try await bound in ready.stream {
            self.port = bound
            return
        }
        throw CancellationError()
    }

    public func stop() {
        self.task?.cancel()
    }
}
