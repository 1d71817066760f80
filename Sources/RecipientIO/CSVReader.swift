/// Streams RFC 4180 records with Excel's habits: quoted delimiters, doubled
/// quotes, CR/LF/CRLF inside quotes and at row ends.
///
/// A ragged row, an oversize field or row, or a row of too many fields becomes a
/// rejected record with its line, and reading goes on; memory is bounded by
/// the limits (`RecordLimits`).
public final class CSVReader: RecordReader {
    public struct Options: Sendable {
        public var delimiter: UInt8
        public var header: Bool
        public var maxFieldBytes: Int
        public init(delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true, maxFieldBytes: Int = 1 << 20) {
            self.delimiter = delimiter
            self.header = header
            self.maxFieldBytes = maxFieldBytes
        }
    }

    enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    let source: any ByteSource
    let name: String
    let options: Options
    /// The bytes read but not yet parsed. Raw memory, owned here: the row loop reads
    /// it byte by byte, and an array in a class property costs a retain and a
    /// release on each access.
    let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
    var chunkCount = 0
    var chunkOffset = 0
    var ended = false
    var bytesBefore: Int64 = 0

    var line = 1
    private var recordCount = 0
    private var headerNames: [String]?
    private var generatedNames: [String] = []
    var pendingCR = false

    deinit {
        self.chunk.deallocate()
        self.row.deallocate()
        self.ends.deallocate()
    }

    public init(source: any ByteSource, name: String, options: Options) {
        self.source = source
        self.name = name
        self.options = options
    }

    /// One record as the reader holds it: field bytes, valid UTF-8, until the next call.
    /// Batching (`CSVBatching`) copies them straight into a batch, no `String` per field.
    struct Row {
        let record: Int
        let line: Int
        let reject: RecordReject?
        /// The header's names (or column_N, made for the widest row so far): the first `count` are this row's.
        let names: [String]
        let count: Int
    }

    /// The row `nextRow()` returned last, at once: its field bytes back to back, and where each field ends.
    func withFields<T>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) throws -> T) rethrows -> T {
        try body(self.row.elements, self.ends.elements)
    }

    func nextRow() throws -> Row? {
        while true {
            if self.options.header && self.headerNames == nil {
                guard let raw = try self.readRow() else { return nil }
                if raw.isBlank { continue }
                if let problem = raw.problem {
                    throw InputError(file: self.name, line: raw.line, message: "the header row is unreadable: \(problem.message)")
                }
                self.headerNames = HeaderNames.unique(
                    try (0..<raw.count).map { try self.decode(self.fieldBytes($0), line: raw.line) })
                continue
            }
            guard let raw = try self.readRow() else { return nil }
            if raw.isBlank { continue }
            self.recordCount += 1
            if let problem = raw.problem {
                return Row(record: self.recordCount, line: raw.line, reject: problem, names: [], count: 0)
            }
            let names = self.headerNames ?? self.columnNames(raw.count)
            if self.headerNames != nil && raw.count != names.count {
                let reject = RecordReject(
                    reason: .raggedRow,
                    message: "row has \(raw.count) fields but the header has \(names.count)")
                return Row(record: self.recordCount, line: raw.line, reject: reject, names: [], count: 0)
            }
            if let bad = self.firstInvalidField(raw.count) {
                return Row(
                    record: self.recordCount, line: raw.line,
                    reject: RecordReject(
                        reason: .invalidEncoding,
                        message: "field \(bad + 1) is not valid UTF-8; set the file's --encoding (e.g. windows-1256)"), names: [],
                    count: 0)
            }
            return Row(record: self.recordCount, line: raw.line, reject: nil, names: names, count: raw.count)
        }
    }

    public func next() throws -> SourceRecord? {
        guard let row = try self.nextRow() else { return nil }
        if let reject = row.reject { return SourceRecord(record: row.record, line: row.line, fields: [], reject: reject) }
        let fields = (0..<row.count).map {
            Field(name: row.names[$0], value: String(decoding: self.fieldBytes($0), as: UTF8.self))
        }
        return SourceRecord(record: row.record, line: row.line, fields: fields)
    }

    /// column_1, column_2, … for a file without a header, each made once.
    private func columnNames(_ count: Int) -> [String] {
        while self.generatedNames.count < max(count, 1) { self.generatedNames.append("column_\(self.generatedNames.count + 1)") }
        return self.generatedNames
    }

    /// The first field that is not valid UTF-8; all-ASCII rows are checked in one pass.
    private func firstInvalidField(_ count: Int) -> Int? {
        self.withFields { bytes, ends in
            if bytes.allSatisfy({ $0 < 0x80 }) { return nil }
            var start = 0
            for index in 0..<count {
                if !UTF8Check.isValid(UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])) { return index }
                start = ends[index]
            }
            return nil
        }
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws -> String {
        guard let value = String(validating: bytes, as: UTF8.self) else {
            throw InputError(
                file: self.name, line: line, message: "the header is not valid UTF-8",
                hint: "name the file's encoding with --encoding (e.g. windows-1256 or utf-16le)")
        }
        return value
    }

    /// A row's fields live in `row` (reused for every row), split at `ends`; owned
    /// memory, like `chunk`, for the same reason.
    var row = RawBuffer<UInt8>(capacity: 4096)
    var ends = RawBuffer<Int>()

    struct RawRow {
        var line: Int
        var count: Int
        var problem: RecordReject?
        var isBlank: Bool
    }

    private func fieldBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self.row.elements[(index == 0 ? 0 : self.ends[index - 1])..<self.ends[index]])
    }

    func finishRow(line: Int, problem: RecordReject?) -> RawRow {
        self.ends.append(self.row.count)
        return RawRow(
            line: line, count: self.ends.count, problem: problem,
            isBlank: problem == nil && self.ends.count == 1 && self.row.count == 0)
    }

    func nextByte() throws -> UInt8? {
        if self.chunkOffset >= self.chunkCount {
            if self.ended { return nil }
            self.bytesBefore += Int64(self.chunkCount)
            self.chunkCount = try self.source.read(into: UnsafeMutableRawBufferPointer(self.chunk))
            self.chunkOffset = 0
            if self.chunkCount == 0 {
                self.ended = true
                return nil
            }
        }
        let byte = self.chunk[self.chunkOffset]
        self.chunkOffset += 1
        return byte
    }
}
