import CubeAPI
import Foundation
public import Hummingbird
import ServiceLifecycle
import Logging
import NIOCore

/// Builds the sandbox's router: the vendor's API under `/api`, the control path
/// under `/_sandbox`. Separate from `buildApplication` so tests can drive it
/// with `app.test(.router)`.
func buildRouter(options: SandboxOptions, store: any SandboxStore, clock: VirtualClock) -> Router<SandboxRequestContext> {
    let router = Router(context: SandboxRequestContext.self)
    router.addRoutes(HealthController(clock: clock).routes, atPath: "/api/health")
    router.group("/_sandbox")
        .add(middleware: LocalOnlyMiddleware<SandboxRequestContext>(host: options.host, control: true))
        .addRoutes(ControlController(store: store, clock: clock).routes)
    let api = router.group("/api/v1")
        .add(middleware: LocalOnlyMiddleware<SandboxRequestContext>(host: options.host, control: false))
        .add(middleware: RateLimitMiddleware<SandboxRequestContext>(limit: options.rateLimit))
        .add(middleware: AuthMiddleware<SandboxRequestContext>(keys: Set(options.apiKeys)))
        .add(middleware: FaultMiddleware(rate: options.faultRate, kinds: Array(options.faults), delay: options.faultDelay))
    api.addRoutes(
        CampaignsController(
            store: store, validator: CreateValidator(options: options), clock: clock,
            acceptAsync: options.acceptAsync
        ).routes, atPath: "campaigns")
    api.addRoutes(TemplatesController(options: options).routes, atPath: "templates")
    return router
}

/// Builds the sandbox application. `onReady` receives the bound port (useful with port 0).
public func buildApplication(options: SandboxOptions, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) throws
    -> some ApplicationProtocol
{
    var logger = Logger(label: "cube-sandbox")
    logger.logLevel = .warning
    let clock = VirtualClock()
    let store = try InMemorySandboxStore(options: options, clock: clock)
    let router = buildRouter(options: options, store: store, clock: clock)
    var services: [any Service] = []
    if let url = options.webhookURL {
        services.append(WebhookService(store: store, clock: clock, url: url, secret: options.webhookSecret ?? "", logger: logger))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "cube-sandbox"),
        services: services,
        onServerRunning: { channel in
            await onReady(channel.localAddress?.port ?? options.port)
        },
        logger: logger)
}

/// For tests inside the package: the router with a fresh store and clock.
func buildTestRouter(options: SandboxOptions) throws -> (Router<SandboxRequestContext>, VirtualClock) {
    let clock = VirtualClock()
    let store = try InMemorySandboxStore(options: options, clock: clock)
    return (buildRouter(options: options, store: store, clock: clock), clock)
}
