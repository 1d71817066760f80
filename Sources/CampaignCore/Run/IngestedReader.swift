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

/// Streams `ingested.ndjson` with the same JSON reader ingest uses for inputs.
public final class IngestedReader {
    private let reader: NDJSONReader
    private let path: String

    public init(path: String) throws {
        self.path = path
        self.reader = NDJSONReader(source: try FileSource(path: path), name: path, maxDepth: 4, maxStringBytes: 64 << 20)
    }

    public func next() throws -> IngestedRecord? {
        guard let raw = try self.reader.next() else { return nil }
        if let reject = raw.reject {
            throw CampaignError(.dataError, "\(self.path):\(raw.line): damaged artifact (\(reject.message))",
                                hint: "run campaign-ingest again for this run")
        }
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
