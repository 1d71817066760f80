import ArtifactText
import Crypto
import Foundation

/// Phones that must stay unmessaged though their number is no longer stored: a forgotten person
/// who had opted out (or asked to be kept out), held as an HMAC-SHA256 of the E.164 text under a
/// key kept in the history. A hash alone would not do: every phone of a country can be hashed in
/// minutes, so without the key the table names nobody.
public struct ForgottenOptOuts: Sendable {
    /// The key's bytes (swift-crypto's `SymmetricKey` is not `Sendable`; validate checks on every core).
    private let key: Data?
    /// The MAC's bytes → the words of the reject: validate looks up every recipient, so no hex per phone.
    private let reasons: [Data: String]

    /// `reasons` by the hex of each hash, as the history stores them.
    public init(key: String, reasons: [String: String]) {
        self.key = key.isEmpty ? nil : Data(key.utf8)
        var decoded: [Data: String] = [:]
        for (hex, reason) in reasons {
            if let bytes = Self.bytes(hex) { decoded[bytes] = reason }
        }
        self.reasons = decoded
    }

    public static let none = ForgottenOptOuts(key: "", reasons: [:])

    public var isEmpty: Bool { self.reasons.isEmpty }
    public var count: Int { self.reasons.count }

    /// Why `phone` (E.164) stays out, if it was forgotten so.
    public func reason(for phone: String) -> String? {
        guard !self.reasons.isEmpty, let key = self.key else { return nil }
        return self.reasons[Data(HMAC<SHA256>.authenticationCode(for: Data(phone.utf8), using: SymmetricKey(data: key)))]
    }

    /// The hex a hash is stored as.
    static func hash(_ phone: String, key: String) -> String {
        Hashing.hmacSHA256Hex(key: key, message: Data(phone.utf8))
    }

    private static func bytes(_ hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = Data(capacity: digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}

/// What `forget` erased.
public struct ForgetCounts: Sendable, Equatable {
    /// Sends of the phones removed.
    public var sends = 0
    /// Opt-outs turned into keyed hashes: still suppressed, no longer stored as numbers.
    public var optOutsHashed = 0
    /// Phones that were not opted out, kept out of future runs by `--suppress`.
    public var suppressed = 0
    /// Copies of the history (taken before a migration) that held the phones, removed.
    public var copiesRemoved: [String] = []

    public init() {}
}
