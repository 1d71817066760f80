import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP client of the Campaigns API.
///
/// Every call decodes the documented envelopes into typed answers or typed
/// errors; transient failures (connect errors, 5xx, the per-minute limit) are
/// retried with backoff and jitter, and a create is only ever retried with the
/// same `Idempotency-Key`, so a retry can never make a second campaign.
public final class CubeClient: Sendable {
    public let configuration: CubeConfiguration
    private let http: HTTPClient
    private let logger: Logger
    private let pacer = RatePacer()

    public init(configuration: CubeConfiguration, logger: Logger = Logger(label: "cube.client")) {
        self.configuration = configuration
        self.http = Self.sharedHTTP
        self.logger = logger
    }

    /// The client the environment names (`CUBE_BASE_URL`, `CUBE_API_KEY` or
    /// `CUBE_API_KEY_FILE`, `CUBE_TIMEOUT`), as every stage and the inbox build it.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "cube.client")
    ) throws -> CubeClient {
        CubeClient(configuration: try CubeConfiguration.fromEnvironment(environment), logger: logger)
    }

    /// One client for the process. A refused connection fails at once instead of
    /// being retried inside the pool until the request deadline: our own retry
    /// policy decides, and knows such a request never reached the server.
    static let sharedHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// `X-RateLimit-Limit` as last seen, to plan long fetches.
    public var observedRateLimit: Int? { self.pacer.observedLimit }

    // MARK: Endpoints

    public func health() async throws -> Health {
        try await self.call(.GET, "/api/health", authenticated: false, retry: .single)
    }

    /// `retry: .single` for a caller that would rather go on without the answer than wait out an outage.
    public func templates(account: String, retry: RetryPolicy? = nil) async throws -> [Template] {
        try await self.call(
            .GET, "/api/v1/templates", query: ["whatsapp_account_id": account, "status": "APPROVED"], retry: retry)
    }

    /// Creates a campaign; retried only with the same key. A failure after the
    /// request may have gone out surfaces as a `TransportError` with
    /// `mayHaveBeenSent`, which the caller records as an unknown outcome.
    ///
    /// `keyTrusted: false` (an endpoint not trusted to honour keys) retries only
    /// what cannot have created anything: refused connections and the per-minute limit.
    public func createCampaign(_ request: CreateCampaignRequest, idempotencyKey: String, keyTrusted: Bool = true) async throws
        -> Campaign
    {
        return try await self.call(
            .POST, "/api/v1/campaigns", body: request.jsonBody(),
            headers: [HeaderName.idempotencyKey.rawValue: idempotencyKey], repeatable: keyTrusted)
    }

    public func campaign(id: String) async throws -> Campaign {
        try await self.call(.GET, "/api/v1/campaigns/\(Self.pathComponent(id))")
    }

    public func recipients(campaignId: String, page: Int, perPage: Int = 100, status: RecipientStatus? = nil) async throws
        -> RecipientPage
    {
        var query = ["page": String(page), "per_page": String(perPage)]
        if let status { query["status"] = status.rawValue }
        return try await self.call(.GET, "/api/v1/campaigns/\(Self.pathComponent(campaignId))/recipients", query: query)
    }

    public func cancel(campaignId: String) async throws -> CancelResult {
        try await self.call(.POST, "/api/v1/campaigns/\(Self.pathComponent(campaignId))/cancel")
    }

    // MARK: Plumbing

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }

    private func call<T: Codable & Sendable>(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: Data? = nil,
        headers: [String: String] = [:], authenticated: Bool = true, retry: RetryPolicy? = nil, repeatable: Bool = true
    ) async throws -> T {
        let policy = retry ?? self.configuration.retry
        var attempt = 0
        // An earlier try that may have been acted on (no answer, or a 5xx): whatever a later try is
        // told, that one may have done what was asked, and the error that ends the call says so.
        var unanswered = false
        while true {
            attempt += 1
            do {
                await self.pacer.waitIfNeeded()
                return try await self.once(method, path, query: query, body: body, headers: headers, authenticated: authenticated)
            } catch var error as APIError {
                guard attempt < policy.maxAttempts && (repeatable ? error.isTransient : error.failure == .rateLimited) else {
                    error.afterUnansweredTry = unanswered
                    throw error
                }
                if error.failure == .serverError { unanswered = true }
                let wait = policy.delay(afterAttempt: attempt, hint: error.retryAfter)
                self.logger.info(
                    "retrying after API error",
                    metadata: [
                        "path": .string(path), "code": .string(error.code), "attempt": .stringConvertible(attempt),
                        "wait_s": .stringConvertible((wait * 10).rounded() / 10),
                    ])
                try await Task.sleep(for: .seconds(wait))
            } catch let error as TransportError {
                guard attempt < policy.maxAttempts && (repeatable || !error.mayHaveBeenSent) else {
                    throw unanswered ? TransportError(message: error.message, mayHaveBeenSent: true) : error
                }
                if error.mayHaveBeenSent { unanswered = true }
                let wait = policy.delay(afterAttempt: attempt)
                self.logger.info(
                    "retrying after transport error",
                    metadata: [
                        "path": .string(path), "error": .string(error.message), "attempt": .stringConvertible(attempt),
                    ])
                try await Task.sleep(for: .seconds(wait))
            }
        }
    }

    private func once<T: Codable & Sendable>(
        _ method: HTTPMethod, _ path: String, query: [String: String], body: Data?,
        headers: [String: String], authenticated: Bool
    ) async throws -> T {
        var url = self.configuration.baseURL + path
        if !query.isEmpty {
            url +=
                "?"
                + query.sorted { $0.key < $1.key }.map { key, value in
                    "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? value)"
                }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "cube-campaigns/\(CubeAPIVersion.current)")
        if authenticated {
            request.headers.add(name: "Authorization", value: "Bearer \(self.configuration.apiKey)")
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await self.http.execute(
                request, timeout: .milliseconds(Int64(self.configuration.requestTimeout * 1000)))
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw Self.transportError(error, path: path)
        }
        self.pacer.observe(headers: response.headers)
        let data = Data(bytes.readableBytesView)
        let status = Int(response.status.code)
        if (200..<300).contains(status) {
            if let fast = T.self as? any EnvelopeBytesDecodable.Type,
                let value = data.withUnsafeBytes({ fast.fromEnvelope($0) }) as? T
            {
                return value
            }
            do {
                return try JSONDecoder().decode(Envelope<T>.self, from: data).data
            } catch {
                throw ProtocolError(message: "\(path): unexpected answer (HTTP \(status)): \(error)")
            }
        }
        let retryAfter = response.headers.first(name: HeaderName.retryAfter.rawValue).flatMap(Double.init)
        if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: data) {
            throw APIError(
                status: status, code: envelope.error.code, message: envelope.error.message,
                details: envelope.error.details, retryAfter: retryAfter)
        }
        let code = status >= 500 ? ErrorCode.internalError : "HTTP_\(status)"
        throw APIError(status: status, code: code, message: "HTTP \(status) without an error envelope", retryAfter: retryAfter)
    }

    /// Connect failures cannot have reached the server; anything later might have.
    static func transportError(_ error: any Error, path: String) -> TransportError {
        if let error = error as? HTTPClientError, error == .connectTimeout {
            return TransportError(message: "\(path): could not connect (timeout)", mayHaveBeenSent: false)
        }
        if error is NIOConnectionError {
            return TransportError(message: "\(path): could not connect (\(error))", mayHaveBeenSent: false)
        }
        if let error = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) {
            return TransportError(message: "\(path): could not connect (\(error))", mayHaveBeenSent: false)
        }
        return TransportError(message: "\(path): no answer (\(error))", mayHaveBeenSent: true)
    }
}

public enum CubeAPIVersion {
    public static let current = "0.1.0"
}

extension JSONEncoder {
    /// Sorted keys: the same request always has the same bytes, which the
    /// server's idempotency check compares.
    public static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()
}
