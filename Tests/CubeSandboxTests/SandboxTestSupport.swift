import CubeAPI
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CubeSandbox

/// Builds the sandbox's router-backed application for `app.test(.router)`.
func makeSandbox(_ configure: (inout SandboxOptions) -> Void = { _ in }) throws -> (some ApplicationProtocol, VirtualClock) {
    var options = SandboxOptions()
    options.startDelay = 1
    options.failureRate = 0.2
    configure(&options)
    let (router, clock) = try buildTestRouter(options: options)
    return (Application(router: router), clock)
}

let auth: HTTPFields = [.authorization: "Bearer sandbox-key", .contentType: "application/json"]

func headers(key: String) -> HTTPFields {
    var fields = auth
    // swift-format-ignore: NeverForceUnwrap
    fields[HTTPField.Name("Idempotency-Key")!] = key
    return fields
}

func createBody(
    recipients: Int = 2, account: String = "sandbox-account", template: String = "order_confirmation",
    language: String? = "ar", name: String? = "Offer", scheduledAt: String? = nil,
    timezone: String? = nil, variables: Int = 3, phoneBase: Int = 966_500_000_000
) throws -> ByteBuffer {
    let request = CreateCampaignRequest(
        whatsappAccountId: account, templateName: template, templateLanguage: language, templateParams: nil,
        recipients: (0..<recipients).map { index in
            WireRecipient(
                phone: "+\(phoneBase + index)", name: "R\(index)",
                variables: Dictionary(uniqueKeysWithValues: (0..<variables).map { ("\($0 + 1)", "v\($0)") }))
        },
        campaignName: name, scheduledAt: scheduledAt, timezone: timezone)
    return ByteBuffer(bytes: try JSONEncoder.api.encode(request))
}

func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
    try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
}

func errorCode(_ buffer: ByteBuffer) throws -> ErrorEnvelope.Body {
    try decode(ErrorEnvelope.self, buffer).error
}
