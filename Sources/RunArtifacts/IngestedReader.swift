public import RecipientIO

/// One line of `ingested.ndjson`, read back.
public struct IngestedRecord: Sendable {
    /// The run-wide record id ingest gave it; on a line from before ids, its line number in the file
    /// (ingest writes no empty line, so that is the id it would have had).
    public var id: Int
    public var source: String
    public var record: Int
    public var line: Int
    public var fields: [Field]
    public var reject: RecordReject?

    public init(id: Int, source: String, record: Int, line: Int, fields: [Field], reject: RecordReject?) {
        self.id = id
        self.source = source
        self.record = record
        self.line = line
        self.fields = fields
        self.reject = reject
    }

    /// The value of the field a mapping names, matched as `ColumnName` matches
    /// (exactly, else as people type names); nil when absent or ambiguous.
    public func value(_ path: String) -> String? {
        if let exact = self.fields.first(where: { $0.name == path }) { return exact.value }
        return ColumnName.find(path, in: self.fields.lazy.map(\.name)).index.map { self.fields[$0].value }
    }
}

/// Lines of `ingested.ndjson` read in bulk into one buffer, to be decoded
/// elsewhere (validate decodes them on every core).
public struct IngestedLines: Sendable {
    public var bytes: [UInt8] = []
    public var ends: [Int] = []
    public var numbers: [Int] = []

    public init() {}
}

/// Streams `ingested.ndjson`: lines in the shape ingest writes are read by
/// `IngestedLineParser`; any other valid JSON line by the general reader.
public final class IngestedReader {
    private let lines: LineReader
    private let path: String
    private var parser = IngestedLineParser()

    public init(path: String) throws {
        self.path = path
        self.lines = LineReader(source: try FileSource(path: path), maxLineBytes: 128 << 20)
    }

    public func next() throws -> IngestedRecord? {
        while let (bytes, tooLong) = try self.lines.next() {
            if tooLong { throw Self.damaged(self.path, self.lines.line, "the line is longer than 128 MiB") }
            if bytes.isEmpty { continue }
            return try bytes.withUnsafeBufferPointer {
                try Self.decode($0, number: self.lines.line, path: self.path, parser: &self.parser)
            }
        }
        return nil
    }

    /// Up to `limit` non-empty lines, undecoded; nil at the end of the file.
    public func nextLines(_ limit: Int) throws -> IngestedLines? {
        var chunk = IngestedLines()
        chunk.bytes.reserveCapacity(limit * 160)
        chunk.ends.reserveCapacity(limit)
        chunk.numbers.reserveCapacity(limit)
        while chunk.ends.count < limit {
            let start = chunk.bytes.count
            guard let tooLong = try self.lines.append(to: &chunk.bytes) else { break }
            if tooLong { throw Self.damaged(self.path, self.lines.line, "the line is longer than 128 MiB") }
            if chunk.bytes.count == start { continue }
            chunk.ends.append(chunk.bytes.count)
            chunk.numbers.append(self.lines.line)
        }
        return chunk.ends.isEmpty ? nil : chunk
    }

    /// One line, by the fast parser when it is in ingest's own shape, else by the general one.
    /// `checkedUTF8`: the caller has already found the line to be UTF-8 (validate's byte path).
    public static func decode(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, path: String,
        parser: inout IngestedLineParser, checkedUTF8: Bool = false
    ) throws -> IngestedRecord {
        // Ingest writes only UTF-8: anything else is damage, not text to repair.
        guard checkedUTF8 || UTF8Check.isValid(line) else { throw Self.damaged(path, number, "the line is not UTF-8") }
        var record: IngestedRecord
        if let parsed = parser.parse(line: line) {
            record = parsed
        } else {
            record = try Self.general(Array(line), number: number, path: path)
        }
        if record.id == 0 { record.id = number }
        return record
    }

    private static func damaged(_ path: String, _ number: Int, _ why: String) -> ArtifactError {
        ArtifactError(
            file: path, line: number, message: "damaged artifact (\(why))", hint: "run campaign-ingest again for this run")
    }

    /// A line in another shape (written by hand, or by another tool) through the general JSON reader.
    private static func general(_ bytes: [UInt8], number: Int, path: String) throws -> IngestedRecord {
        let reader = NDJSONReader(source: BufferSource(bytes), name: path, maxDepth: 4, maxStringBytes: 64 << 20)
        guard let raw = try reader.next() else { throw Self.damaged(path, number, "an empty record") }
        if let reject = raw.reject { throw Self.damaged(path, number, reject.message) }
        var record = IngestedRecord(id: 0, source: "", record: 0, line: 0, fields: [], reject: nil)
        var rejectReason: String?
        var rejectMessage = ""
        var named = (source: false, record: false, line: false)
        func count(_ field: Field) throws -> Int {
            guard let value = Int(field.value), value >= 0 else {
                throw Self.damaged(path, number, "\(field.name) is not a number: \(field.value.prefix(40))")
            }
            return value
        }
        record.fields.reserveCapacity(raw.fields.count)
        for field in raw.fields {
            if field.name.hasPrefix("fields.") {
                record.fields.append(Field(name: String(field.name.dropFirst(7)), value: field.value))
                continue
            }
            switch field.name {
            case "id":
                guard let id = Int(field.value), id > 0 else { throw Self.damaged(path, number, "id is not a record id") }
                record.id = id
            case "source":
                record.source = field.value
                named.source = true
            case "record":
                record.record = try count(field)
                named.record = true
            case "line":
                record.line = try count(field)
                named.line = true
            case "reject.reason": rejectReason = field.value
            case "reject.message": rejectMessage = field.value
            default: throw Self.damaged(path, number, "an unknown field '\(field.name.prefix(60))'")
            }
        }
        guard named.source, named.record, named.line else {
            throw Self.damaged(path, number, "the line does not say which input record it is (source, record and line)")
        }
        if let rejectReason {
            record.reject = RecordReject(reason: RecordRejectReason(rawValue: rejectReason), message: rejectMessage)
        }
        return record
    }
}
