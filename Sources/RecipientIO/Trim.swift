/// Trimming without Foundation's `CharacterSet`, which is slow on Linux (it
/// bridges through NSString) and runs for every field of every record. The set
/// is Unicode's White_Space: the same characters as `.whitespacesAndNewlines`.
extension String {
    public var trimmedFast: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !Self.isSpaceByte(first) && !Self.isSpaceByte(last) && first < 0x80 && last < 0x80 { return self }
        let scalars = self.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end && scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start && scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }

    /// True when the text is empty or only white space.
    public var isBlankFast: Bool {
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
