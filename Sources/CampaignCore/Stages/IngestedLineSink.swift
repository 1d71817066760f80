import RecipientIO
import RunArtifacts

/// Ingest's `RecordSink`: each record, or each batch, becomes `ingested.ndjson`
/// lines appended to `line`, which ingest writes out when it has grown.
struct IngestedLineSink: RecordSink {
    /// More distinct field names than this (JSON arrays flatten to many) are not listed in `run.json`.
    static let maxColumns = 500

    var encoder: IngestedLine
    var line: [UInt8] = []
    /// The input's field names in first-seen order, for checking the mapping against them.
    private(set) var columns: [String] = []
    private var seen = Set<String>()
    private(set) var tooManyColumns = false
    private var lastNames: [String] = []

    /// `firstId`: the run-wide id of this source's first record (one past the last source's).
    init(source: String, firstId: Int) {
        self.encoder = IngestedLine(source: source, firstId: firstId)
        self.line.reserveCapacity(1 << 17)
    }

    mutating func take(_ record: SourceRecord) {
        self.encoder.encode(record, into: &self.line)
        // Records of one file mostly share their names: only a record whose names differ is looked at.
        guard !self.tooManyColumns, !record.fields.elementsEqual(self.lastNames, by: { $0.name == $1 }) else { return }
        self.lastNames = record.fields.map(\.name)
        for name in self.lastNames { self.note(name) }
    }

    mutating func take(_ batch: RowBatchView) -> (records: Int, rejects: Int) {
        // A batch's names are every name of the file so far, by id: new ones are at the end.
        if !self.tooManyColumns && batch.names.count > self.columns.count {
            for name in batch.names[self.columns.count...] { self.note(name) }
        }
        return self.encoder.encode(batch, into: &self.line)
    }

    private mutating func note(_ name: String) {
        guard self.seen.insert(name).inserted else { return }
        self.columns.append(name)
        if self.columns.count > Self.maxColumns { self.tooManyColumns = true }
    }
}
