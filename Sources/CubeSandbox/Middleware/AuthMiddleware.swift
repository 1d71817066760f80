import Foundation
import CubeAPI
import Hummingbird

/// Bearer keys: 401 `AUTHENTICATION_REQUIRED` without one, `INVALID_API_KEY` for a wrong one.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw SandboxError(
                status: .unauthorized, code: ErrorCode.authenticationRequired,
                message: "Authentication required: send Authorization: Bearer <API key>.")
        }
        let key = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard self.keys.contains(key) else {
            throw SandboxError(status: .unauthorized, code: ErrorCode.invalidAPIKey, message: "The API key is invalid.")
        }
        return try await next(request, context)
    }
}
