/// Records read on a thread of their own and handed over in batches
/// (`RowBatch`), a few batches ahead of the caller; records and the first error
/// come out in document order, and memory holds a few batches. Dropping the
/// reader lets its thread go.
public class BatchedRecordReader: RecordReader {
    private let batches: HandOff<RowBatch>
    private var batch = RowBatch()
    private var position = 0
    /// Records made by `next()` from a batch and not yet returned.
    private var pending: ArraySlice<SourceRecord> = []

    /// Runs `produce` on a thread named `thread`; it hands each batch to `emit`, which
    /// answers false once nobody reads any more, and ends with a batch marked `last`.
    init(thread: String, produce: @escaping @Sendable (_ emit: (RowBatch) -> Bool) -> Void) {
        let batches = HandOff<RowBatch>(depth: 4)
        self.batches = batches
        startNamedThread(thread) {
            produce { batches.put($0) }
        }
    }

    deinit {
        self.batches.cancel()
    }

    /// The rows left of the current batch (or the next batch's), with their fields, at
    /// once: for writers that handle many records per call, without reference
    /// counting per record (ingest writes them straight out). nil at the end of the
    /// file; its error, if it failed, after its last record.
    public func withNextRows<T>(_ body: (RowBatchView) throws -> T) throws -> T? {
        while self.position >= self.batch.rows.count {
            if self.batch.last {
                if let failure = self.batch.failure { throw failure }
                return nil
            }
            self.batch = self.batches.take()
            self.position = 0
        }
        let from = self.position
        self.position = self.batch.rows.count
        let batch = self.batch
        return try batch.rows.withUnsafeBufferPointer { rows in
            try batch.fieldNames.withUnsafeBufferPointer { ids in
                try batch.fieldRanges.withUnsafeBufferPointer { ranges in
                    try batch.values.withUnsafeBufferPointer { values in
                        try body(
                            RowBatchView(
                                rows: UnsafeBufferPointer(rebasing: rows[from...]), nameIds: ids, ranges: ranges,
                                values: values, names: batch.names, rejects: batch.rejects))
                    }
                }
            }
        }
    }

    /// A whole batch at once.
    public func next<Sink: RecordSink>(into sink: inout Sink) throws -> (records: Int, rejects: Int)? {
        try self.withNextRows { sink.take($0) }
    }

    public func next() throws -> SourceRecord? {
        while self.pending.isEmpty {
            guard
                let records = try self.withNextRows({ view in
                    view.rows.map { row in
                        SourceRecord(
                            record: row.record, line: row.line,
                            fields: row.fields.map { field in
                                Field(
                                    name: view.names[view.nameIds[field]],
                                    value: String(
                                        decoding: UnsafeBufferPointer(rebasing: view.values[view.ranges[field]]), as: UTF8.self))
                            }, reject: view.reject(of: row))
                    }
                })
            else { return nil }
            self.pending = records[...]
        }
        return self.pending.popFirst()
    }
}
