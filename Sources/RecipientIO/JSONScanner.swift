import Foundation

/// A streaming JSON parser over a `ByteSource` that flattens each record into
/// dotted field paths as it reads, so no document is ever held whole.
///
/// Numbers keep their source text (a phone written as a number keeps every
/// digit), duplicate keys keep the last value, and nesting deeper than
/// `maxDepth` is an error rather than a stack overflow.
final class JSONScanner {
    struct SyntaxError: Error {
        var line: Int
        var offset: Int64
        var message: String
    }

    private var source: any ByteSource
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var count = 0
    private var index = 0
    private var ended = false
    private(set) var offset: Int64 = 0
    private(set) var line = 1
    let maxDepth: Int
    let maxStringBytes: Int
    let maxRecordBytes: Int
    /// Why the record being read is refused (`RecordLimits`); the rest of it is then skipped, not kept.
    private(set) var limitReject: RecordReject?
    private var recordBytes = 0

    init(source: any ByteSource, maxDepth: Int, maxStringBytes: Int) {
        self.source = source
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxRecordBytes = RecordLimits.bytes(fieldLimit: maxStringBytes)
    }

    /// Starts over on another source (the next NDJSON line), keeping the buffer.
    func reset(source: any ByteSource, line: Int) {
        self.source = source
        self.count = 0
        self.index = 0
        self.ended = false
        self.line = line
    }

    func peek() throws -> UInt8? {
        if self.index >= self.count {
            if self.ended { return nil }
            self.count = try self.chunk.withUnsafeMutableBytes { try self.source.read(into: $0) }
            self.index = 0
            if self.count == 0 {
                self.ended = true
                return nil
            }
        }
        return self.chunk[self.index]
    }

    func advance() {
        if self.chunk[self.index] == 0x0A { self.line += 1 }
        self.index += 1
        self.offset += 1
    }

    func next() throws -> UInt8? {
        guard let byte = try self.peek() else { return nil }
        self.advance()
        return byte
    }

    func error(_ message: String) -> SyntaxError {
        SyntaxError(line: self.line, offset: self.offset, message: message)
    }

    /// Skips JSON white space; with `newlines: false` stops at a line feed (NDJSON).
    func skipWhitespace(newlines: Bool = true) throws {
        while let byte = try self.peek() {
            switch byte {
            case 0x20, 0x09, 0x0D: self.advance()
            case 0x0A where newlines: self.advance()
            default: return
            }
        }
    }

    func expect(_ byte: UInt8) throws {
        try self.skipWhitespace()
        guard let actual = try self.next() else {
            throw self.error("unexpected end of input, expected '\(Character(UnicodeScalar(byte)))'")
        }
        guard actual == byte else {
            throw self.error("expected '\(Character(UnicodeScalar(byte)))' but found '\(Self.show(actual))'")
        }
    }

    static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(Character(UnicodeScalar(byte))) : String(format: "0x%02X", byte)
    }

    /// Reads an object at the top of a record and flattens it into fields; a record past
    /// `RecordLimits` is read to its end without keeping it, and comes back as its reject.
    func readRecord() throws -> (fields: [Field], reject: RecordReject?) {
        try self.skipWhitespace()
        guard try self.peek() == UInt8(ascii: "{") else {
            throw self.error("a record must be a JSON object")
        }
        var fields: [Field] = []
        var positions: [String: Int] = [:]
        self.limitReject = nil
        self.recordBytes = 0
        try self.readValue(path: "", depth: 1, fields: &fields, positions: &positions)
        guard let reject = self.limitReject else { return (fields, nil) }
        return ([], reject)
    }

    private func emit(_ path: String, _ value: String, _ fields: inout [Field], _ positions: inout [String: Int]) {
        guard self.limitReject == nil else { return }
        // A field's name is its whole dotted path: it counts as much as its value.
        self.recordBytes += value.utf8.count + (positions[path] == nil ? path.utf8.count : 0)
        if self.recordBytes > self.maxRecordBytes {
            self.refuse(RecordLimits.tooLarge(self.maxRecordBytes), &fields, &positions)
        } else if fields.count >= RecordLimits.fields && positions[path] == nil {
            self.refuse(RecordLimits.tooManyJSONFields, &fields, &positions)
        } else if let existing = positions[path] {
            fields[existing].value = value  // duplicate key: the last one wins
        } else {
            positions[path] = fields.count
            fields.append(Field(name: path, value: value))
        }
    }

    private func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    func readValue(path: String, depth: Int, fields: inout [Field], positions: inout [String: Int]) throws {
        guard depth <= self.maxDepth else { throw self.error("nesting deeper than \(self.maxDepth) levels") }
        try self.skipWhitespace()
        guard let byte = try self.peek() else { throw self.error("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            self.advance()
            try self.skipWhitespace()
            if try self.peek() == UInt8(ascii: "}") {
                self.advance()
                return
            }
            while true {
                try self.skipWhitespace()
                guard try self.peek() == 0x22 else { throw self.error("expected a quoted key") }
                let key = try self.readString()
                try self.expect(UInt8(ascii: ":"))
                if self.limitReject != nil {
                    try self.skipValue(depth: depth + 1)
                } else {
                    try self.readValue(path: self.join(path, key), depth: depth + 1, fields: &fields, positions: &positions)
                }
                try self.skipWhitespace()
                guard let separator = try self.next() else { throw self.error("unexpected end of input inside an object") }
                if separator == UInt8(ascii: "}") { return }
                guard separator == UInt8(ascii: ",") else {
                    throw self.error("expected ',' or '}' but found '\(Self.show(separator))'")
                }
            }
        case UInt8(ascii: "["):
            self.advance()
            try self.skipWhitespace()
            if try self.peek() == UInt8(ascii: "]") {
                self.advance()
                return
            }
            var element = 0
            while true {
                if self.limitReject != nil {
                    try self.skipValue(depth: depth + 1)
                } else {
                    try self.readValue(
                        path: self.join(path, String(element)), depth: depth + 1, fields: &fields, positions: &positions)
                }
                element += 1
                try self.skipWhitespace()
                guard let separator = try self.next() else { throw self.error("unexpected end of input inside an array") }
                if separator == UInt8(ascii: "]") { return }
                guard separator == UInt8(ascii: ",") else {
                    throw self.error("expected ',' or ']' but found '\(Self.show(separator))'")
                }
            }
        case 0x22:
            self.emit(path, try self.readString(), &fields, &positions)
        case UInt8(ascii: "t"):
            try self.literal("true")
            self.emit(path, "true", &fields, &positions)
        case UInt8(ascii: "f"):
            try self.literal("false")
            self.emit(path, "false", &fields, &positions)
        case UInt8(ascii: "n"):
            try self.literal("null")
            self.emit(path, "", &fields, &positions)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            self.emit(path, try self.readNumber(), &fields, &positions)
        default:
            throw self.error("unexpected '\(Self.show(byte))' where a value should start")
        }
    }

    /// Gives up the record: what was kept goes, and the rest is skipped.
    private func refuse(_ reject: RecordReject, _ fields: inout [Field], _ positions: inout [String: Int]) {
        self.limitReject = reject
        fields = []
        positions = [:]
    }

    func literal(_ word: StaticString) throws {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in bytes {
            guard try self.next() == expected else { throw self.error("invalid literal, expected '\(word)'") }
        }
    }

    private func readNumber() throws -> String {
        var text: [UInt8] = []
        func digits() throws -> Int {
            var n = 0
            while let byte = try self.peek(), (0x30...0x39).contains(byte) {
                text.append(byte)
                self.advance()
                n += 1
                if text.count > 256 { throw self.error("number longer than 256 characters") }
            }
            return n
        }
        if try self.peek() == UInt8(ascii: "-") {
            text.append(UInt8(ascii: "-"))
            self.advance()
        }
        guard let first = try self.peek(), (0x30...0x39).contains(first) else { throw self.error("invalid number") }
        if first == 0x30 {
            text.append(first)
            self.advance()
            if let after = try self.peek(), (0x30...0x39).contains(after) {
                throw self.error("invalid number: leading zero")
            }
        } else {
            _ = try digits()
        }
        if try self.peek() == UInt8(ascii: ".") {
            text.append(UInt8(ascii: "."))
            self.advance()
            guard try digits() > 0 else { throw self.error("invalid number: no digits after '.'") }
        }
        if let e = try self.peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            text.append(e)
            self.advance()
            if let sign = try self.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                text.append(sign)
                self.advance()
            }
            guard try digits() > 0 else { throw self.error("invalid number: no digits in the exponent") }
        }
        return String(decoding: text, as: UTF8.self)
    }

    func readString() throws -> String {
        guard try self.next() == 0x22 else { throw self.error("expected '\"'") }
        var bytes: [UInt8] = []
        while true {
            guard let byte = try self.next() else { throw self.error("unterminated string") }
            if bytes.count > self.maxStringBytes { throw self.error("string longer than \(self.maxStringBytes) bytes") }
            switch byte {
            case 0x22:
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw self.error("string is not valid UTF-8; set --encoding")
                }
                return text
            case 0x5C:
                guard let escape = try self.next() else { throw self.error("unterminated string") }
                switch escape {
                case 0x22, 0x5C, 0x2F: bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var unit = try self.hex4()
                    var scalarValue = UInt32(unit)
                    if (0xD800...0xDBFF).contains(unit) {
                        guard try self.next() == 0x5C, try self.next() == UInt8(ascii: "u") else {
                            throw self.error("lone surrogate in \\u escape")
                        }
                        let low = try self.hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw self.error("lone surrogate in \\u escape") }
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        unit = 0
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw self.error("lone surrogate in \\u escape")
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else { throw self.error("invalid \\u escape") }
                    bytes.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    throw self.error("invalid escape '\\\(Self.show(escape))'")
                }
            case 0x00..<0x20:
                throw self.error("control character inside a string")
            default:
                bytes.append(byte)
            }
        }
    }

    private func hex4() throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = try self.next() else { throw self.error("unterminated \\u escape") }
            let digit: UInt16
            switch byte {
            case 0x30...0x39: digit = UInt16(byte - 0x30)
            case 0x41...0x46: digit = UInt16(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt16(byte - 0x61 + 10)
            default: throw self.error("invalid \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }
}
