/// Trimming without Foundation's `CharacterSet`, which is slow on Linux (it
/// bridges through NSString) and runs for every field of every record. The set
/// is Unicode's White_Space: the same characters as `.whitespacesAndNewlines`.
extension String {
    public var trimmedFast: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !ByteTrim.isASCIISpace(first) && !ByteTrim.isASCIISpace(last) && first < 0x80 && last < 0x80 { return self }
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
        for byte in self.utf8 where !ByteTrim.isASCIISpace(byte) {
            if byte < 0x80 { return false }
            return self.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        }
        return true
    }
}

/// `trimmedFast` decided on UTF-8 bytes where it can be, for readers and checks
/// that handle values without making a `String` of each.
public enum ByteTrim {
    /// Tab, LF, VT, FF, CR and space: the ASCII part of White_Space.
    public static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// What `trimmedFast` keeps of `bytes`, as a range, when that is decided by ASCII
    /// white space alone; nil when an end may be non-ASCII white space (only a lead
    /// byte C2, E1, E2 or E3 can start one), for `trimmedFast` itself to decide.
    public static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        var end = bytes.count
        while start < end && Self.isASCIISpace(bytes[start]) { start += 1 }
        while end > start && Self.isASCIISpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return start..<end }
        var lastLead = end - 1
        while lastLead > start && bytes[lastLead] & 0xC0 == 0x80 { lastLead -= 1 }
        if Self.mayStartWhiteSpace(bytes[start]) || Self.mayStartWhiteSpace(bytes[lastLead]) { return nil }
        return start..<end
    }

    private static func mayStartWhiteSpace(_ lead: UInt8) -> Bool {
        lead == 0xC2 || lead == 0xE1 || lead == 0xE2 || lead == 0xE3
    }
}
