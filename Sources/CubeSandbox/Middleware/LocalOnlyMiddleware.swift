import CubeAPI
import Foundation
import Hummingbird

/// What a web page in the operator's browser could send the sandbox, refused (403): a `Host` that
/// is not this machine's (a DNS-rebinding page reading recipients with the well-known key) on every
/// route, and on the control path a POST that is not JSON (a cross-origin "simple" request needs no
/// preflight) or that comes from a foreign `Origin` (`/_sandbox/reset` wiped every campaign).
struct LocalOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Host names this sandbox answers to besides loopback (its `--host`); nil: any (a wildcard address).
    let listening: String?
    /// The control path: JSON bodies only, and no foreign origin.
    let control: Bool

    init(host: String, control: Bool) {
        self.listening = ["0.0.0.0", "::", "[::]"].contains(host) ? nil : host.lowercased()
        self.control = control
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        if let authority = request.head.authority, let listening = self.listening {
            let host = Self.hostPart(authority)
            guard CubeConfiguration.isLoopback(host) || host == listening else {
                throw Self.refusal("The sandbox answers only to this machine's names, not \(host.prefix(60)).")
            }
        }
        if self.control {
            if let origin = request.headers[.origin], !(URL(string: origin)?.host.map(CubeConfiguration.isLoopback) ?? false) {
                throw Self.refusal("The control path takes no request from a web page of another origin.")
            }
            if request.method == .post, !(request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false) {
                throw Self.refusal("The control path takes JSON only: send Content-Type: application/json.")
            }
        }
        return try await next(request, context)
    }

    /// `127.0.0.1:8080` → `127.0.0.1`, `[::1]:8080` → `::1`, `localhost` → `localhost`.
    static func hostPart(_ authority: String) -> String {
        let text = authority.lowercased()
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if let colon = text.lastIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 { return String(text[..<colon]) }
        return text
    }

    static func refusal(_ message: String) -> SandboxError {
        SandboxError(status: .forbidden, code: ErrorCode.forbidden, message: message)
    }
}
