import Foundation

/// Streams the objects of a JSON array: the top-level array, or the one a
/// JSON pointer (`/data/contacts`) names inside an object.
public final class JSONArrayReader: RecordReader {
    private let scanner: JSONScanner
    private let name: String
    private var recordCount = 0
    private var first = true
    private var done = false

    public init(source: any ByteSource, name: String, pointer: String?, maxDepth: Int, maxStringBytes: Int) throws {
        self.scanner = JSONScanner(source: source, maxDepth: maxDepth, maxStringBytes: maxStringBytes)
        self.name = name
        do {
            let segments = Self.segments(pointer)
            try self.descend(segments)
        } catch let error as JSONScanner.SyntaxError {
            throw self.inputError(error, hint: pointer.map { "check that record: \($0) names an array" })
        }
    }

    /// `nil` or `auto`: the document itself, or the first array of objects inside it.
    static func segments(_ pointer: String?) -> [String]? {
        guard let pointer, pointer != "auto", !pointer.isEmpty else { return nil }
        return pointer.split(separator: "/", omittingEmptySubsequences: true).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Goes to the records array and steps inside it.
    private func descend(_ segments: [String]?) throws {
        try self.scanner.skipWhitespace()
        guard let segments else {
            if try self.scanner.peek() == UInt8(ascii: "[") { return self.scanner.advance() }
            var sawEmptyArray = false
            guard try self.findRecordsArray(depth: 1, sawEmptyArray: &sawEmptyArray) else {
                // Only empty arrays: an export of no records.
                if sawEmptyArray { return self.done = true }
                throw self.scanner.error(
                    "no array of objects found in the document; set record: /path/to/array, "
                        + "or, if each line is one record, name the file .ndjson or set input.format: ndjson")
            }
            return
        }
        var depth = 1
        for segment in segments {
            try self.scanner.expect(UInt8(ascii: "{"))
            while true {
                try self.scanner.skipWhitespace()
                let key = try self.scanner.readString()
                try self.scanner.expect(UInt8(ascii: ":"))
                if key == segment { break }
                try self.scanner.skipValue(depth: depth + 1)
                try self.scanner.skipWhitespace()
                guard try self.scanner.next() == UInt8(ascii: ",") else {
                    throw self.scanner.error("the key '\(segment)' of the record pointer is not in the document")
                }
            }
            depth += 1
            try self.scanner.skipWhitespace()
        }
        try self.scanner.expect(UInt8(ascii: "["))
    }

    /// Auto: depth first through an object's members to the first array whose first
    /// element is an object (`data.contacts` in `{"meta":{…},"data":{"contacts":[{…}]}}`),
    /// stepping inside it; everything passed on the way is skipped, not kept.
    private func findRecordsArray(depth: Int, sawEmptyArray: inout Bool) throws -> Bool {
        guard depth <= self.scanner.maxDepth else {
            throw self.scanner.error("nesting deeper than \(self.scanner.maxDepth) levels")
        }
        try self.scanner.expect(UInt8(ascii: "{"))
        try self.scanner.skipWhitespace()
        if try self.scanner.peek() == UInt8(ascii: "}") {
            self.scanner.advance()
            return false
        }
        while true {
            try self.scanner.skipWhitespace()
            _ = try self.scanner.readString()
            try self.scanner.expect(UInt8(ascii: ":"))
            try self.scanner.skipWhitespace()
            switch try self.scanner.peek() {
            case UInt8(ascii: "["):
                self.scanner.advance()
                try self.scanner.skipWhitespace()
                if try self.scanner.peek() == UInt8(ascii: "{") { return true }
                if try self.scanner.peek() == UInt8(ascii: "]") { sawEmptyArray = true }
                try self.skipArrayRest(depth: depth + 1)
            case UInt8(ascii: "{"):
                if try self.findRecordsArray(depth: depth + 1, sawEmptyArray: &sawEmptyArray) { return true }
            default:
                try self.scanner.skipValue(depth: depth + 1)
            }
            try self.scanner.skipWhitespace()
            guard let separator = try self.scanner.next() else {
                throw self.scanner.error("unexpected end of input inside an object")
            }
            if separator == UInt8(ascii: "}") { return false }
            guard separator == UInt8(ascii: ",") else {
                throw self.scanner.error("expected ',' or '}' but found '\(JSONScanner.show(separator))'")
            }
        }
    }

    /// The elements of an array already opened, and its end.
    private func skipArrayRest(depth: Int) throws {
        if try self.scanner.peek() == UInt8(ascii: "]") { return self.scanner.advance() }
        while true {
            try self.scanner.skipValue(depth: depth + 1)
            try self.scanner.skipWhitespace()
            guard let separator = try self.scanner.next() else {
                throw self.scanner.error("unexpected end of input inside an array")
            }
            if separator == UInt8(ascii: "]") { return }
            guard separator == UInt8(ascii: ",") else {
                throw self.scanner.error("expected ',' or ']' but found '\(JSONScanner.show(separator))'")
            }
        }
    }

    public func next() throws -> SourceRecord? {
        guard !self.done else { return nil }
        do {
            try self.scanner.skipWhitespace()
            if self.first {
                self.first = false
                if try self.scanner.peek() == UInt8(ascii: "]") {
                    self.scanner.advance()
                    self.done = true
                    return nil
                }
            } else {
                guard let separator = try self.scanner.next() else {
                    throw self.scanner.error("unexpected end of input inside the array")
                }
                if separator == UInt8(ascii: "]") {
                    self.done = true
                    return nil
                }
                guard separator == UInt8(ascii: ",") else {
                    throw self.scanner.error("expected ',' or ']' but found '\(JSONScanner.show(separator))'")
                }
                try self.scanner.skipWhitespace()
            }
            self.recordCount += 1
            let line = self.scanner.line
            let (fields, reject) = try self.scanner.readRecord()
            return SourceRecord(record: self.recordCount, line: line, fields: fields, reject: reject)
        } catch let error as JSONScanner.SyntaxError {
            throw self.inputError(error, hint: "the JSON is malformed here; fix or export it again")
        }
    }

    private func inputError(_ error: JSONScanner.SyntaxError, hint: String?) -> InputError {
        InputError(file: self.name, line: error.line, byteOffset: error.offset, message: error.message, hint: hint)
    }
}
