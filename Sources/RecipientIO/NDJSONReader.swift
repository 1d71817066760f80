/// Newline-delimited JSON: one object a line, blank lines skipped, CRLF accepted.
/// Each line is parsed on its own, so a bad or oversize line becomes a rejected
/// record and reading goes on with the next line.
public final class NDJSONReader: RecordReader {
    private let name: String
    private let maxLineBytes: Int
    private let lines: LineReader
    private let scanner: JSONScanner
    private let lineSource = BufferSource([])
    private var recordCount = 0

    public init(source: any ByteSource, name: String, maxDepth: Int, maxStringBytes: Int) {
        self.name = name
        self.maxLineBytes = max(maxStringBytes * 2, 1 << 16)
        self.lines = LineReader(source: source, maxLineBytes: self.maxLineBytes)
        self.scanner = JSONScanner(source: self.lineSource, maxDepth: maxDepth, maxStringBytes: maxStringBytes)
    }

    public func next() throws -> SourceRecord? {
        while let (bytes, tooLong) = try self.lines.next() {
            if !tooLong && bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            self.recordCount += 1
            if tooLong {
                return SourceRecord(
                    record: self.recordCount, line: self.lines.line, fields: [],
                    reject: RecordReject(reason: .fieldTooLarge, message: "the line is longer than \(self.maxLineBytes) bytes"))
            }
            self.lineSource.reset(bytes)
            self.scanner.reset(source: self.lineSource, line: self.lines.line)
            do {
                let (fields, reject) = try self.scanner.readRecord()
                try self.scanner.skipWhitespace()
                if try self.scanner.peek() != nil { throw self.scanner.error("more than one JSON value on the line") }
                return SourceRecord(record: self.recordCount, line: self.lines.line, fields: fields, reject: reject)
            } catch let error as JSONScanner.SyntaxError {
                return SourceRecord(
                    record: self.recordCount, line: self.lines.line, fields: [],
                    reject: RecordReject(reason: .invalidJSON, message: error.message))
            }
        }
        return nil
    }
}
