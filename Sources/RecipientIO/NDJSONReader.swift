/// Newline-delimited JSON: one object a line, blank lines skipped, CRLF accepted.
/// A line that does not parse becomes a rejected record and reading goes on.
public final class NDJSONReader: RecordReader {
    private let scanner: JSONScanner
    private let name: String
    private var recordCount = 0

    public init(source: any ByteSource, name: String, maxDepth: Int, maxStringBytes: Int) {
        self.scanner = JSONScanner(source: source, maxDepth: maxDepth, maxStringBytes: maxStringBytes)
        self.name = name
    }

    public func next() throws -> SourceRecord? {
        try self.scanner.skipWhitespace()
        guard try self.scanner.peek() != nil else { return nil }
        self.recordCount += 1
        let line = self.scanner.line
        do {
            let fields = try self.scanner.readRecord()
            try self.scanner.skipWhitespace(newlines: false)
            if let byte = try self.scanner.peek(), byte != 0x0A {
                throw self.scanner.error("more than one JSON value on the line")
            }
            return SourceRecord(record: self.recordCount, line: line, fields: fields)
        } catch let error as JSONScanner.SyntaxError {
            try self.skipRestOfLine(startedOn: line)
            return SourceRecord(record: self.recordCount, line: line, fields: [],
                                reject: RecordReject(reason: "invalid_json", message: error.message))
        }
    }

    private func skipRestOfLine(startedOn line: Int) throws {
        while self.scanner.line == line, try self.scanner.peek() != nil {
            self.scanner.advance()
        }
    }
}
