import CubeAPI
import Hummingbird

/// `/api/v1/templates?whatsapp_account_id=…&status=APPROVED`.
struct TemplatesController: Sendable {
    let options: SandboxOptions

    var routes: RouteCollection<SandboxRequestContext> {
        let routes = RouteCollection(context: SandboxRequestContext.self)
        routes.get(use: self.list)
        return routes
    }

    @Sendable func list(request: Request, context: SandboxRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let account = query.get("whatsapp_account_id"), !account.isEmpty else {
            throw SandboxError.validation("whatsapp_account_id", "The whatsapp account id field is required.")
        }
        guard self.options.accounts[account] != nil else {
            throw SandboxError.notFound("WhatsApp account not found.")
        }
        var templates = self.options.templates
        if let status = query.get("status") {
            templates = templates.filter { $0.status == status }
        }
        return try JSONResponse.make(Envelope(data: templates))
    }
}
