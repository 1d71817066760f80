import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An independent webhook receiver: its own HTTP server on loopback that checks
/// signatures with its own HMAC code, and can refuse the first deliveries.
final class WebhookReceiver: @unchecked Sendable {
    struct Delivery: Sendable {
        var body: Data
        var timestamp: String
        var signature: String
        var accepted: Bool
    }

    private let lock = NSLock()
    private var deliveries: [Delivery] = []
    private var refusalsLeft: Int
    private var task: Task<Void, any Error>?
    private(set) var port = 0
    let secret: String

    init(secret: String, refuseFirst: Int = 0) {
        self.secret = secret
        self.refusalsLeft = refuseFirst
    }

    func start() async throws {
        let router = Router()
        router.post("/hooks") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let data = Data(body.readableBytesView)
            // swift-format-ignore: NeverForceUnwrap
            let timestamp = request.headers[HTTPField.Name("X-Webhook-Timestamp")!] ?? ""
            // swift-format-ignore: NeverForceUnwrap
            let signature = request.headers[HTTPField.Name("X-Webhook-Signature")!] ?? ""
            let accept = self.lock.withLock { () -> Bool in
                if self.refusalsLeft > 0 {
                    self.refusalsLeft -= 1
                    return false
                }
                return true
            }
            self.lock.withLock {
                self.deliveries.append(Delivery(body: data, timestamp: timestamp, signature: signature, accepted: accept))
            }
            return Response(status: accept ? .ok : .internalServerError)
        }
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) })
        self.task = Task { try await app.runService() }
        for await port in ready.stream {
            self.port = port
            break
        }
    }

    func stop() {
        self.task?.cancel()
    }

    var received: [Delivery] { self.lock.withLock { self.deliveries } }

    /// Hex HMAC-SHA256 of "{timestamp}.{body}", computed here, not with the product's helper.
    func isValid(_ delivery: Delivery) -> Bool {
        var message = Data(delivery.timestamp.utf8)
        message.append(contentsOf: Array(".".utf8))
        message.append(delivery.body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(self.secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return hex == delivery.signature
    }
}
