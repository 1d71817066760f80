import Crypto
public import Foundation

/// Hashes the project writes into artifacts, keys and signatures: hex SHA-256
/// and HMAC-SHA256. (Named apart from swift-crypto's `Digest` protocol.)
public enum Hashing {
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        self.hex(SHA256.hash(data: data))
    }

    public static func sha256Hex(_ text: String) -> String {
        self.sha256Hex(Data(text.utf8))
    }

    /// Lower-case hex of any digest or byte sequence.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    public static func hmacSHA256Hex(key: String, message: some DataProtocol) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(key.utf8)))
        return self.hex(code)
    }

    /// Compares two strings in time independent of where they differ (signature checks).
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
