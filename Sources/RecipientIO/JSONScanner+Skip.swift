extension JSONScanner {
    /// Checks one value's syntax without keeping any of it: what lies on the way
    /// to the records array, and the rest of a record past `RecordLimits`. No
    /// string, path or field is made, so a skipped value of any size costs time
    /// in proportion to its bytes and no memory.
    func skipValue(depth: Int) throws {
        guard depth <= self.maxDepth else { throw self.error("nesting deeper than \(self.maxDepth) levels") }
        try self.skipWhitespace()
        guard let byte = try self.peek() else { throw self.error("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            try self.skipMembers(close: UInt8(ascii: "}"), depth: depth) {
                try self.skipWhitespace()
                guard try self.peek() == 0x22 else { throw self.error("expected a quoted key") }
                try self.skipString()
                try self.expect(UInt8(ascii: ":"))
                try self.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try self.skipMembers(close: UInt8(ascii: "]"), depth: depth) { try self.skipValue(depth: depth + 1) }
        case 0x22: try self.skipString()
        case UInt8(ascii: "t"): try self.literal("true")
        case UInt8(ascii: "f"): try self.literal("false")
        case UInt8(ascii: "n"): try self.literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try self.skipNumber()
        default: throw self.error("unexpected '\(Self.show(byte))' where a value should start")
        }
    }

    /// An object's or array's members up to `close`, each skipped by `member`.
    private func skipMembers(close: UInt8, depth: Int, member: () throws -> Void) throws {
        self.advance()
        try self.skipWhitespace()
        if try self.peek() == close {
            self.advance()
            return
        }
        while true {
            try member()
            try self.skipWhitespace()
            guard let separator = try self.next() else { throw self.error("unexpected end of input") }
            if separator == close { return }
            guard separator == UInt8(ascii: ",") else {
                throw self.error("expected ',' or '\(Self.show(close))' but found '\(Self.show(separator))'")
            }
        }
    }

    /// A number's characters, checked only for what a number may hold (no text is made).
    private func skipNumber() throws {
        var length = 0
        while let byte = try self.peek() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                self.advance()
                length += 1
                if length > 256 { throw self.error("number longer than 256 characters") }
            default:
                return
            }
        }
    }

    /// A string's bytes up to its closing quote, escapes stepped over.
    func skipString() throws {
        guard try self.next() == 0x22 else { throw self.error("expected '\"'") }
        while let byte = try self.next() {
            switch byte {
            case 0x22: return
            case 0x5C: guard try self.next() != nil else { throw self.error("unterminated string") }
            case 0x00..<0x20: throw self.error("control character inside a string")
            default: continue
            }
        }
        throw self.error("unterminated string")
    }
}
