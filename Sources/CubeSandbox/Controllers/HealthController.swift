import CubeAPI
import Hummingbird

/// `GET /api/health`, without authentication, as load balancers call it.
struct HealthController: Sendable {
    let clock: VirtualClock

    var routes: RouteCollection<SandboxRequestContext> {
        let routes = RouteCollection(context: SandboxRequestContext.self)
        routes.get { _, _ in
            try JSONResponse.make(
                Health(
                    status: "ok", checks: ["app": "ok", "database": "ok", "cache": "ok"],
                    timestamp: Timestamp.utc(self.clock.now())))
        }
        return routes
    }
}
