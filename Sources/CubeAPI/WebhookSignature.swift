import ArtifactText
public import Foundation

/// Webhook signatures as the vendor defines them: hex HMAC-SHA256 of
/// "{timestamp}.{raw body}" with the signing secret; older than 300 s is stale.
/// One implementation for the sandbox that signs and the listener that checks.
public enum WebhookSignature {
    public static let tolerance: TimeInterval = 300

    public static func sign(body: Data, timestamp: String, secret: String) -> String {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        return Hashing.hmacSHA256Hex(key: secret, message: message)
    }

    public enum Verdict: Equatable, Sendable {
        case valid
        case missing
        case stale
        case badSignature
    }

    public static func verify(body: Data, timestamp: String?, signature: String?, secret: String, now: Date = Date()) -> Verdict {
        guard let timestamp, let signature, !signature.isEmpty else { return .missing }
        guard let sent = Timestamp.parse(timestamp), abs(now.timeIntervalSince(sent)) <= Self.tolerance else { return .stale }
        let expected = Self.sign(body: body, timestamp: timestamp, secret: secret)
        return Hashing.constantTimeEquals(expected, signature.lowercased()) ? .valid : .badSignature
    }
}
