/// Trimming without Foundation's `CharacterSet`, which is slow on Linux and
/// runs for every field of every record in validate.
extension String {
    var trimmedFast: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !Self.isSpaceByte(first) && !Self.isSpaceByte(last) && first < 0x80 && last < 0x80 { return self }
        return String(self.unicodeScalars.drop { $0.properties.isWhitespace }
            .reversed().drop { $0.properties.isWhitespace }.reversed().map(Character.init))
    }

    /// True when the text is empty or only white space.
    var isBlankFast: Bool {
        for byte in self.utf8 where !Self.isSpaceByte(byte) {
            if byte < 0x80 { return false }
            return self.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        }
        return true
    }

    private static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
