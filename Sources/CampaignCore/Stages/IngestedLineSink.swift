import RecipientIO

/// Ingest's `RecordSink`: each record, or each batch, becomes `ingested.ndjson`
/// lines appended to `line`, which ingest writes out when it has grown.
struct IngestedLineSink: RecordSink {
    var encoder: IngestedLine
    var line: [UInt8] = []

    init(source: String) {
        self.encoder = IngestedLine(source: source)
        self.line.reserveCapacity(1 << 17)
    }

    mutating func take(_ record: SourceRecord) {
        self.encoder.encode(record, into: &self.line)
    }

    mutating func take(_ batch: RowBatchView) -> (records: Int, rejects: Int) {
        self.encoder.encode(batch, into: &self.line)
    }
}
