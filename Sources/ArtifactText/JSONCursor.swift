/// Reads JSON byte by byte, with no dictionary, no `Codable` and no Foundation:
/// a line this product wrote itself (fixed key order, `JSONText`'s escapes) or
/// an API page of a hundred recipients, a million times a run. Any surprise
/// answers nil, and the caller hands the text to a strict general parser
/// instead, which either understands it or names what is wrong.
public struct JSONCursor {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var at = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    public var atEnd: Bool { self.at == self.bytes.count }

    /// Consumes `literal` when the line continues with exactly it.
    public mutating func take(_ literal: StaticString) -> Bool {
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
    public mutating func take(byte: UInt8) -> Bool {
        guard self.at < self.bytes.count, self.bytes[self.at] == byte else { return false }
        self.at += 1
        return true
    }

    public func peek() -> UInt8? { self.at < self.bytes.count ? self.bytes[self.at] : nil }

    /// A JSON string: its escapes decoded, its UTF-8 checked. Nil for anything else
    /// (a raw control character, a bad escape, invalid UTF-8).
    public mutating func string() -> String? {
        guard self.take(byte: 0x22) else { return nil }
        let start = self.at
        var escaped = false
        while self.at < self.bytes.count {
            let byte = self.bytes[self.at]
            if byte == 0x22 {
                let raw = UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.at])
                self.at += 1
                return escaped ? Self.unescape(raw) : Self.text(raw)
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
    public mutating func plainString() -> UnsafeRawBufferPointer? {
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
    public mutating func optionalString() -> String?? {
        if self.take("null") { return .some(nil) }
        guard let text = self.string() else { return nil }
        return .some(text)
    }

    /// A non-negative decimal integer as the product writes it (no sign, no exponent, no leading zero).
    public mutating func integer() -> Int? {
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
    public static func unescape(_ raw: UnsafeRawBufferPointer) -> String? {
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
                        let low = Self.hex4(raw, at: index + 2), (0xDC00..<0xE000).contains(low)
                    else { return nil }
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
        return out.withUnsafeBytes { Self.text($0) }
    }

    /// The bytes as a `String` when they are valid UTF-8. ASCII (phones, ids, most names) is
    /// checked by a plain loop: the generic validating initialiser costs more than the whole line.
    public static func text(_ raw: UnsafeRawBufferPointer) -> String? {
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
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

/// Any JSON, keys in any order, for answers another program wrote (an API page).
extension JSONCursor {
    public enum Step: Equatable {
        /// A member's key (the cursor is at its value), or `next` for an array's element.
        case key(String)
        case next
        case end
        case invalid
    }

    public mutating func skipWhitespace() {
        while self.at < self.bytes.count {
            switch self.bytes[self.at] {
            case 0x20, 0x09, 0x0A, 0x0D: self.at += 1
            default: return
            }
        }
    }

    /// Consumes `{`.
    public mutating func enterObject() -> Bool {
        self.skipWhitespace()
        return self.take(byte: 0x7B)
    }

    /// Consumes `[`.
    public mutating func enterArray() -> Bool {
        self.skipWhitespace()
        return self.take(byte: 0x5B)
    }

    /// The next member of an object entered (`first`: none read yet): its key, or the end.
    public mutating func member(first: Bool) -> Step {
        self.skipWhitespace()
        if self.take(byte: 0x7D) { return .end }
        if !first {
            guard self.take(byte: 0x2C) else { return .invalid }
            self.skipWhitespace()
        }
        guard let key = self.string() else { return .invalid }
        self.skipWhitespace()
        guard self.take(byte: 0x3A) else { return .invalid }
        self.skipWhitespace()
        return .key(key)
    }

    /// Whether an array entered has another element (the cursor then at it).
    public mutating func element(first: Bool) -> Step {
        self.skipWhitespace()
        if self.take(byte: 0x5D) { return .end }
        if !first {
            guard self.take(byte: 0x2C) else { return .invalid }
        }
        self.skipWhitespace()
        return .next
    }

    /// A string or `null` after whitespace.
    public mutating func nullableString() -> String?? {
        self.skipWhitespace()
        return self.optionalString()
    }

    /// An integer (a sign allowed) after whitespace.
    public mutating func signedInteger() -> Int? {
        self.skipWhitespace()
        let negative = self.take(byte: 0x2D)
        guard let value = self.integer() else { return nil }
        return negative ? -value : value
    }

    /// Passes over one value of any kind; false when it is not JSON. `depth` bounds nesting.
    public mutating func skipValue(depth: Int = 64) -> Bool {
        guard depth > 0 else { return false }
        self.skipWhitespace()
        guard let byte = self.peek() else { return false }
        switch byte {
        case 0x22: return self.plainOrEscapedString()
        case 0x7B:
            self.at += 1
            var first = true
            while true {
                switch self.member(first: first) {
                case .end: return true
                case .key: guard self.skipValue(depth: depth - 1) else { return false }
                default: return false
                }
                first = false
            }
        case 0x5B:
            self.at += 1
            var first = true
            while true {
                switch self.element(first: first) {
                case .end: return true
                case .next: guard self.skipValue(depth: depth - 1) else { return false }
                default: return false
                }
                first = false
            }
        case 0x74: return self.take("true")
        case 0x66: return self.take("false")
        case 0x6E: return self.take("null")
        default:
            // A number: JSON's grammar is checked by whoever needs its value; here only its extent.
            let start = self.at
            while self.at < self.bytes.count,
                [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(self.bytes[self.at])
                    || (0x30...0x39).contains(self.bytes[self.at])
            {
                self.at += 1
            }
            return self.at > start
        }
    }

    private mutating func plainOrEscapedString() -> Bool {
        self.string() != nil
    }
}
