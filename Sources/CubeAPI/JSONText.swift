/// Writes JSON strings by hand where key order and byte-for-byte output matter
/// (artifacts that later stages and `make` compare), and fast.
public enum JSONText {
    public static func quote(_ text: String, into out: inout String) {
        out.append("\"")
        var needsEscape = false
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out.append(text)
            out.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    public static func quoted(_ text: String) -> String {
        var out = ""
        self.quote(text, into: &out)
        return out
    }
}
