import CubeAPI
import Foundation
import Hummingbird
import NIOCore

/// Injects the failures a client must survive: 503s, connections cut without an
/// answer, slow answers, and a create that happens but whose answer never comes.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext
    let rate: Double
    let kinds: [FaultKind]
    let delay: Double

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard self.rate > 0, !self.kinds.isEmpty, Double.random(in: 0..<1) < self.rate,
            let kind = self.kinds.randomElement()
        else {
            return try await next(request, context)
        }
        let isCreate = request.method == .post && request.uri.path == "/api/v1/campaigns"
        switch kind {
        case .serverError:
            throw SandboxError(
                status: .serviceUnavailable, code: ErrorCode.serviceDegraded,
                message: "The service is degraded; retry shortly.")
        case .drop:
            try? await context.channel.close()
            throw SandboxError(status: .serviceUnavailable, code: ErrorCode.serviceDegraded, message: "dropped")
        case .slow:
            try await Task.sleep(for: .seconds(Double.random(in: 1...max(1, self.delay / 10))))
            return try await next(request, context)
        case .timeoutAfterCreate:
            guard isCreate else { return try await next(request, context) }
            _ = try await next(request, context)
            try await Task.sleep(for: .seconds(self.delay))
            try? await context.channel.close()
            throw SandboxError(status: .serviceUnavailable, code: ErrorCode.serviceDegraded, message: "timed out")
        }
    }
}
