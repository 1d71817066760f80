/// Writes JSON strings by hand where key order and byte-for-byte output matter
/// (artifacts that later stages and `make` compare), and fast.
public enum JSONText {
    public static func quote(_ text: String, into out: inout String) {
        var needsEscape = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        guard needsEscape else {
            out.append("\"")
            out.append(text)
            out.append("\"")
            return
        }
        // Rare: let the byte quoting below escape it, so there is one escape table.
        var bytes: [UInt8] = []
        self.quote(text, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

    /// The same quoting on UTF-8 bytes, for artifacts written a million lines at a time.
    /// Only ASCII is ever escaped, so on valid UTF-8 this gives exactly the bytes of `quote(_:into:)`.
    public static func quote(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(0x22)
        var plain = true
        for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            out.append(contentsOf: bytes)
        } else {
            for byte in bytes {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0..<0x20:
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]])
                default: out.append(byte)
                }
            }
        }
        out.append(0x22)
    }

    public static func quote(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { Self.quote(bytes: $0, into: &out) }
    }

    /// A non-negative integer's decimal digits (any other through `String`), without
    /// making a `String`: artifacts write a record number on each of a million lines.
    public static func append(decimal value: Int, to out: inout [UInt8]) {
        guard value >= 0 else {
            out += String(value).utf8
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var at = buffer.count
            var rest = value
            repeat {
                at -= 1
                buffer[at] = UInt8(0x30 + rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[at...]))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
