/// One field of a record, in the order the source holds them.
public struct Field: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Why a record could not be read; it still travels down the chain so that the
/// report accounts for it.
public struct RecordReject: Sendable, Equatable, Codable {
    public var reason: RecordRejectReason
    public var message: String

    public init(reason: RecordRejectReason, message: String) {
        self.reason = reason
        self.message = message
    }
}

/// One record of an input: either its fields or the reason it could not be read.
public struct SourceRecord: Sendable, Equatable {
    /// 1-based position among the file's records.
    public var record: Int
    /// 1-based line where the record starts (for JSON arrays and XML, where its element starts).
    public var line: Int
    public var fields: [Field]
    public var reject: RecordReject?

    public init(record: Int, line: Int, fields: [Field], reject: RecordReject? = nil) {
        self.record = record
        self.line = line
        self.fields = fields
        self.reject = reject
    }
}

/// A reader hands out records one at a time, so memory does not grow with the input.
public protocol RecordReader: AnyObject {
    func next() throws -> SourceRecord?
    /// Hands the next record, or the next batch of them, to `sink`; nil at the end.
    func next<Sink: RecordSink>(into sink: inout Sink) throws -> (records: Int, rejects: Int)?
}

extension RecordReader {
    /// One record at a time, for readers without batches.
    public func next<Sink: RecordSink>(into sink: inout Sink) throws -> (records: Int, rejects: Int)? {
        guard let record = try self.next() else { return nil }
        sink.take(record)
        return (1, record.reject == nil ? 0 : 1)
    }
}
