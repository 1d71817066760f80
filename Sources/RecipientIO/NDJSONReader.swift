/// Newline-delimited JSON: one object a line, blank lines skipped, CRLF accepted.
/// Each line is parsed on its own, so a bad or oversize line becomes a rejected
/// record and reading goes on with the next line.
public final class NDJSONReader: RecordReader {
    private let source: any ByteSource
    private let name: String
    private let maxLineBytes: Int
    private let scanner: JSONScanner
    private let lineSource = BufferSource([])
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var count = 0
    private var index = 0
    private var ended = false
    private var line = 0
    private var recordCount = 0

    public init(source: any ByteSource, name: String, maxDepth: Int, maxStringBytes: Int) {
        self.source = source
        self.name = name
        self.maxLineBytes = max(maxStringBytes * 2, 1 << 16)
        self.scanner = JSONScanner(source: self.lineSource, maxDepth: maxDepth, maxStringBytes: maxStringBytes)
    }

    /// The next line without its CR/LF; `tooLong` when it passed the limit (its bytes are dropped).
    private func nextLine() throws -> (bytes: [UInt8], tooLong: Bool)? {
        var bytes: [UInt8] = []
        var tooLong = false
        var sawAny = false
        while true {
            if self.index >= self.count {
                if self.ended { break }
                self.count = try self.chunk.withUnsafeMutableBytes { try self.source.read(into: $0) }
                self.index = 0
                if self.count == 0 {
                    self.ended = true
                    break
                }
            }
            sawAny = true
            let start = self.index
            let end = self.chunk[start..<self.count].firstIndex(of: 0x0A)
            let stop = end ?? self.count
            if !tooLong {
                if bytes.count + (stop - start) > self.maxLineBytes {
                    tooLong = true
                    bytes = []
                } else {
                    bytes.append(contentsOf: self.chunk[start..<stop])
                }
            }
            self.index = stop
            if end != nil {
                self.index += 1
                break
            }
        }
        guard sawAny else { return nil }
        self.line += 1
        if bytes.last == 0x0D { bytes.removeLast() }
        return (bytes, tooLong)
    }

    public func next() throws -> SourceRecord? {
        while let (bytes, tooLong) = try self.nextLine() {
            if !tooLong && bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            self.recordCount += 1
            if tooLong {
                return SourceRecord(record: self.recordCount, line: self.line, fields: [],
                                    reject: RecordReject(reason: "field_too_large", message: "the line is longer than \(self.maxLineBytes) bytes"))
            }
            self.lineSource.reset(bytes)
            self.scanner.reset(source: self.lineSource, line: self.line)
            do {
                let fields = try self.scanner.readRecord()
                try self.scanner.skipWhitespace()
                if try self.scanner.peek() != nil { throw self.scanner.error("more than one JSON value on the line") }
                return SourceRecord(record: self.recordCount, line: self.line, fields: fields)
            } catch let error as JSONScanner.SyntaxError {
                return SourceRecord(record: self.recordCount, line: self.line, fields: [],
                                    reject: RecordReject(reason: "invalid_json", message: error.message))
            }
        }
        return nil
    }
}
