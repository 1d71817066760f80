import Foundation
import Synchronization
public import Hummingbird
public import Logging
import NIOCore
public import Prometheus

/// `GET /metrics` for a process that runs for days (the inbox watcher): Prometheus scrapes it,
/// where a batch stage leaves a textfile instead (`CUBE_METRICS_DIR`).
public final class MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry
    /// Runs just before each scrape: numbers that are ages ("seconds since") are set here, so
    /// they are true when read, not when last touched.
    let beforeScrape: @Sendable () -> Void
    let logger: Logger
    private let task = Mutex<Task<Void, any Error>?>(nil)

    public init(registry: PrometheusCollectorRegistry, logger: Logger, beforeScrape: @escaping @Sendable () -> Void = {}) {
        self.registry = registry
        self.logger = logger
        self.beforeScrape = beforeScrape
    }

    /// The one route, apart so that a test can drive it without a socket.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            self.beforeScrape()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.registry.emitToBuffer())))
        }
        return router
    }

    /// Listens on `host:port` and returns the port bound (the one asked, or the system's for 0).
    ///
    /// A port already taken is an error here, at start, not a log line later: a watcher that
    /// cannot be scraped would look dead to the alert that watches it.
    public func start(host: String, port: Int) async throws -> Int {
        let bound = AsyncThrowingStream<Int, any Error>.makeStream()
        var quiet = self.logger
        quiet.logLevel = .warning
        let app = Application(
            router: self.buildRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                bound.continuation.yield(channel.localAddress?.port ?? port)
                bound.continuation.finish()
            },
            logger: quiet)
        let task = Task {
            do {
                try await app.run()
            } catch {
                bound.continuation.finish(throwing: error)
                throw error
            }
            bound.continuation.finish()
        }
        self.task.withLock { $0 = task }
        for try await port in bound.stream { return port }
        throw CancellationError()
    }

    public func stop() {
        self.task.withLock { $0?.cancel() }
    }
}
