#if canImport(Glibc)
    import Glibc
#endif

/// A number cell as a person means it: the raw value, never its display
/// format. An integer has no `.0` and no exponent (`966501234567`, also when
/// stored as `9.66501234567E+11` or `966501234567.0`); any other number is the
/// shortest decimal that reads back as the same double.
enum CellNumber {
    /// Doubles hold every integer exactly up to 2^53; past it the text as stored is kept.
    static let exactIntegers = 9_007_199_254_740_992.0

    /// Appends the text of the number stored as `raw` (the XML's `<v>` or `office:value`).
    static func append(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if Self.isPlainInteger(raw) {
            out.append(contentsOf: raw)
            return
        }
        guard let value = Self.parse(raw), value.isFinite else {
            out.append(contentsOf: raw)
            return
        }
        if value == value.rounded(.towardZero) && abs(value) < Self.exactIntegers {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            // Swift's description of a Double is the shortest text that round-trips.
            out.append(contentsOf: "\(value)".utf8)
        }
    }

    /// `-?[0-9]+` with no leading zero (Excel and Calc never write one): already its own text.
    @inline(__always)
    static func isPlainInteger(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = raw.startIndex
        if index < raw.endIndex && raw[index] == UInt8(ascii: "-") { index += 1 }
        guard index < raw.endIndex, raw.endIndex - index <= 15 else { return false }
        if raw[index] == UInt8(ascii: "0") && raw.endIndex - index > 1 { return false }
        while index < raw.endIndex {
            guard raw[index] >= 0x30 && raw[index] <= 0x39 else { return false }
            index += 1
        }
        return true
    }

    static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !raw.isEmpty, raw.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: raw.count + 1) { text in
            for (index, byte) in raw.enumerated() { text[index] = CChar(bitPattern: byte) }
            text[raw.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            guard let base = text.baseAddress else { return nil }
            let value = strtod(base, &end)
            return end == base + raw.count ? value : nil
        }
    }
}
