import RecipientIO

/// One line of `ingested.ndjson`, read back.
public struct IngestedRecord: Sendable {
    public var source: String
    public var record: Int
    public var line: Int
    public var fields: [Field]
    public var reject: RecordReject?

    public func value(_ path: String) -> String? {
        self.fields.first { $0.name == path }?.value
    }
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
            if tooLong { throw self.damaged("the line is longer than 128 MiB") }
            if bytes.isEmpty { continue }
            if let record = self.parser.parse(bytes) { return record }
            return try self.general(bytes)
        }
        return nil
    }

    private func damaged(_ why: String) -> CampaignError {
        CampaignError(.dataError, "\(self.path):\(self.lines.line): damaged artifact (\(why))", hint: "run campaign-ingest again for this run")
    }

    /// A line in another shape (written by hand, or by another tool) through the general JSON reader.
    private func general(_ bytes: [UInt8]) throws -> IngestedRecord {
        let reader = NDJSONReader(source: BufferSource(bytes), name: self.path, maxDepth: 4, maxStringBytes: 64 << 20)
        guard let raw = try reader.next() else { throw self.damaged("an empty record") }
        if let reject = raw.reject { throw self.damaged(reject.message) }
        var record = IngestedRecord(source: "", record: 0, line: 0, fields: [], reject: nil)
        var rejectReason: String?
        var rejectMessage = ""
        record.fields.reserveCapacity(raw.fields.count)
        for field in raw.fields {
            if field.name.hasPrefix("fields.") {
                record.fields.append(Field(name: String(field.name.dropFirst(7)), value: field.value))
                continue
            }
            switch field.name {
            case "source": record.source = field.value
            case "record": record.record = Int(field.value) ?? 0
            case "line": record.line = Int(field.value) ?? 0
            case "reject.reason": rejectReason = field.value
            case "reject.message": rejectMessage = field.value
            default: break
            }
        }
        if let rejectReason { record.reject = RecordReject(reason: rejectReason, message: rejectMessage) }
        return record
    }
}
