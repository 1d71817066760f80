/// Universally unique lexicographically sortable identifiers, as the API uses
/// for campaign and message ids: 48 bits of milliseconds, 80 bits of randomness,
/// Crockford base 32.
enum ULID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    static func make(milliseconds: UInt64, random: (UInt64, UInt16)) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - i))) }
        for i in 0..<8 { bytes[6 + i] = UInt8(truncatingIfNeeded: random.0 >> (8 * (7 - i))) }
        bytes[14] = UInt8(truncatingIfNeeded: random.1 >> 8)
        bytes[15] = UInt8(truncatingIfNeeded: random.1)
        // 128 bits → 26 characters of 5 bits, the first carrying 3.
        var out = [UInt8](repeating: 0, count: 26)
        var high = UInt64(0)
        var low = UInt64(0)
        for i in 0..<8 { high = high << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { low = low << 8 | UInt64(bytes[i]) }
        for index in stride(from: 25, through: 0, by: -1) {
            out[index] = Self.alphabet[Int(low & 0x1F)]
            low = low >> 5 | (high & 0x1F) << 59
            high >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func random(milliseconds: UInt64) -> String {
        Self.make(milliseconds: milliseconds, random: (UInt64.random(in: .min ... .max), UInt16.random(in: .min ... .max)))
    }
}
