import ArtifactText
import CubeAPI
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/campaigns`: create, status, recipients and cancel.
struct CampaignsController: Sendable {
    let store: any SandboxStore
    let validator: CreateValidator
    let clock: VirtualClock
    let acceptAsync: Bool

    var routes: RouteCollection<SandboxRequestContext> {
        let routes = RouteCollection(context: SandboxRequestContext.self)
        routes.post(use: self.create)
        routes.get(":id", use: self.show)
        routes.get(":id/recipients", use: self.recipients)
        routes.post(":id/cancel", use: self.cancel)
        return routes
    }

    @Sendable func create(request: Request, context: SandboxRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let payload: CreateCampaignRequest
        let data = Data(body.readableBytesView)
        do {
            payload = try JSONDecoder().decode(CreateCampaignRequest.self, from: data)
        } catch let error as DecodingError {
            let (field, message) = DecodingProblem.describe(error)
            throw SandboxError.validation(field, message)
        } catch {
            throw SandboxError.validation("body", "The body must be a JSON object.")
        }
        let now = self.clock.now()
        let key = request.headers[.idempotencyKey]
        if let key, let campaign = try await self.store.replay(idempotencyKey: key, bodyDigest: Hashing.sha256Hex(data), now: now)
        {
            var response = try JSONResponse.make(Envelope(data: campaign), status: .created)
            response.headers[.idempotentReplayed] = "true"
            return response
        }
        let plan = try self.validator.validate(payload, body: data, now: now)
        let result = try await self.store.create(payload, plan: plan, idempotencyKey: key, now: now)
        var campaign = result.campaign
        var status = HTTPResponse.Status.created
        if self.acceptAsync && !result.replayed {
            status = .accepted
            campaign.status = CampaignStatus.preparing
            campaign.totalCount = 0
        }
        var response = try JSONResponse.make(Envelope(data: campaign), status: status)
        if result.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    @Sendable func show(request: Request, context: SandboxRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try JSONResponse.make(Envelope(data: try await self.store.campaign(id: id, now: self.clock.now())))
    }

    @Sendable func recipients(request: Request, context: SandboxRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let query = request.uri.queryParameters
        let page = try Self.positiveInt(query, "page", default: 1)
        let perPage = try Self.positiveInt(query, "per_page", default: 50)
        guard perPage <= 100 else { throw SandboxError.validation("per_page", "The per page must not be greater than 100.") }
        var status: RecipientStatus?
        if let filter = query.get("status") {
            let known: [RecipientStatus] = [.pending, .sent, .failed]
            guard known.contains(RecipientStatus(rawValue: filter)) else {
                throw SandboxError.validation("status", "The selected status is invalid (pending, sent or failed).")
            }
            status = RecipientStatus(rawValue: filter)
        }
        let result = try await self.store.recipients(id: id, page: page, perPage: perPage, status: status, now: self.clock.now())
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: RecipientPageJSON.encode(result))))
    }

    @Sendable func cancel(request: Request, context: SandboxRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await self.store.cancel(id: id, now: self.clock.now())
        return try JSONResponse.make(Envelope(data: CancelResult(success: true)))
    }

    /// Larger page numbers are nonsense and would overflow `(page - 1) * perPage`.
    static let maxQueryInteger = 1_000_000_000

    static func positiveInt(_ query: Parameters, _ name: String, default value: Int) throws -> Int {
        guard let text = query.get(name) else { return value }
        guard let number = Int(text), number >= 1, number <= Self.maxQueryInteger else {
            throw SandboxError.validation(
                name, "The \(name.replacingOccurrences(of: "_", with: " ")) must be a positive integer.")
        }
        return number
    }
}

/// Turns a decoding failure into the field path and words of a 422.
enum DecodingProblem {
    static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return (field, "The \(field) field is required.")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return (field.isEmpty ? "body" : field, "The \(field) field has the wrong type.")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return (field.isEmpty ? "body" : field, "The body is not valid JSON.")
        @unknown default:
            return ("body", "The body is invalid.")
        }
    }
}
