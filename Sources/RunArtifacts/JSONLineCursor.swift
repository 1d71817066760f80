/// Reads a line this product wrote itself (fixed key order, `JSONText`'s escapes)
/// byte by byte, with no dictionary and no general parser: every consumer of a
/// million-line artifact reads through one of these. Any surprise answers nil,
/// and the caller hands the line to the strict general parser instead, which
/// either understands it (a line written by another tool) or names what is wrong.
struct JSONLineCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var at = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var atEnd: Bool { self.at == self.bytes.count }

    /// Consumes `literal` when the line continues with exactly it.
    mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.bytes.count - self.at >= count else { return false }
        let base = literal.utf8Start
        for offset in 0..<count where self.bytes[self.at + offset] != base[offset] {
            return false
        }
        self.at += count
        return true
    }

    /// Consumes one byte when it is `byte`.
    mutating func take(byte: UInt8) -> Bool {
        guard self.at < self.bytes.count, self.bytes[self.at] == byte else { return false }
        self.at += 1
        return true
    }

    func peek() -> UInt8? { self.at < self.bytes.count ? self.bytes[self.at] : nil }

    /// A JSON string: its escapes decoded, its UTF-8 checked. Nil for anything else
    /// (a raw control character, a bad escape, invalid UTF-8).
    mutating func string() -> String? {
        guard self.take(byte: 0x22) else { return nil }
        let start = self.at
        var escaped = false
        while self.at < self.bytes.count {
            let byte = self.bytes[self.at]
            if byte == 0x22 {
                let raw = UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.at])
                self.at += 1
                return escaped ? Self.unescape(raw) : String(validating: raw, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            if byte == 0x5C {
                escaped = true
                self.at += 1
            }
            self.at += 1
        }
        return nil
    }

    /// A JSON string's raw bytes when it holds no escape (a phone, a digest): no `String` made.
    mutating func plainString() -> UnsafeRawBufferPointer? {
        guard self.take(byte: 0x22) else { return nil }
        let start = self.at
        while self.at < self.bytes.count {
            let byte = self.bytes[self.at]
            if byte == 0x22 {
                defer { self.at += 1 }
                return UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.at])
            }
            if byte < 0x20 || byte == 0x5C { return nil }
            self.at += 1
        }
        return nil
    }

    /// A string or `null`: `.some(nil)` for null, nil when neither.
    mutating func optionalString() -> String?? {
        if self.take("null") { return .some(nil) }
        guard let text = self.string() else { return nil }
        return .some(text)
    }

    /// A non-negative decimal integer as the product writes it (no sign, no exponent, no leading zero).
    mutating func integer() -> Int? {
        let start = self.at
        var value = 0
        while self.at < self.bytes.count, (0x30...0x39).contains(self.bytes[self.at]) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(self.bytes[self.at] - 0x30))
            guard !overflow, !overflow2 else { return nil }
            value = sum
            self.at += 1
        }
        let digits = self.at - start
        guard digits > 0, digits == 1 || self.bytes[start] != 0x30 else { return nil }
        return value
    }

    /// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX` (with surrogate pairs).
    static func unescape(_ raw: UnsafeRawBufferPointer) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == 0x5C else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { return nil }
            let kind = raw[index + 1]
            index += 2
            switch kind {
            case 0x22, 0x5C, 0x2F: out.append(kind)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var scalar = Self.hex4(raw, at: index) else { return nil }
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= raw.count, raw[index] == 0x5C, raw[index + 1] == 0x75,
                          let low = Self.hex4(raw, at: index + 2), (0xDC00..<0xE000).contains(low) else { return nil }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    return nil
                }
                guard let value = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: UTF8.encode(value).map { Array($0) } ?? [])
            default:
                return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex4(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 4 <= raw.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = raw[index + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
