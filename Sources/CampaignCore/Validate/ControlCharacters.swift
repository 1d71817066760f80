/// Characters that do things rather than show: C0 controls and DEL, C1 controls, and the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). In a recipient's name or a
/// template variable they would reach WhatsApp inside the message, and a terminal that prints a
/// preview (an `ESC ]0;…` retitles the window, `ESC [2J` clears it, a bidi override reorders what a
/// reviewer reads). Found by bytes, on validate's fast path and its general one alike.
public enum ControlCharacters {
    /// The first such character, as `U+XXXX`; nil when there is none.
    public static func first<Bytes: Collection<UInt8>>(in utf8: Bytes) -> String? {
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x7F { return Self.name(UInt32(byte)) }
            if byte == 0xC2 || byte == 0xE2 {
                let second = utf8.index(after: index)
                guard second != utf8.endIndex else { return nil }
                let next = utf8[second]
                if byte == 0xC2, (0x80...0x9F).contains(next) { return Self.name(UInt32(next)) }
                if byte == 0xE2, next == 0x80 || next == 0x81 {
                    let third = utf8.index(after: second)
                    guard third != utf8.endIndex else { return nil }
                    let last = utf8[third]
                    if next == 0x80, (0xAA...0xAE).contains(last) { return Self.name(0x2000 + UInt32(last - 0x80)) }
                    if next == 0x81, (0xA6...0xA9).contains(last) { return Self.name(0x2040 + UInt32(last - 0x80)) }
                }
            }
            index = utf8.index(after: index)
        }
        return nil
    }

    private static func name(_ scalar: UInt32) -> String {
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with each such character written out (`\u{1B}`), for a reject's value or a line on a
    /// terminal: what is there is shown, nothing is done. `lines` keeps line breaks as they are.
    public static func visible(_ text: String, lines: Bool = false) -> String {
        guard Self.first(in: text.utf8) != nil else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if lines && value == 0x0A {
                out.unicodeScalars.append(scalar)
            } else if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
            {
                out += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
