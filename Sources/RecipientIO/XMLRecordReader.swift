import Foundation

/// Streams records out of XML through libxml2's SAX2 parser, fed from our
/// own size-capped byte source (libxml2's file reader would gunzip silently).
/// SAX rather than `xmlTextReader`: the reader builds and frees a node for every
/// element and text, which alone took longer than the whole budget for a million
/// records here (docs/architecture.md, "XML").
///
/// Hardened: network access off, no entity substitution, no DTD loading, an
/// external entity loader that refuses everything, and a document that declares
/// entities is refused before any of them can expand. Parsing runs on a thread
/// of its own, a few batches of records ahead of the caller; records and the
/// first error come out in document order, and memory holds a few batches.
public final class XMLRecordReader: RecordReader {
    /// One record as the reader holds it, its fields as bytes (`XMLRows`): for
    /// writers that need no `String` per field (ingest writes them straight out).
    public struct Row: Sendable {
        public let record: Int
        public let line: Int
        public let reject: RecordReject?
        /// Its fields: indexes into the field lists of the rows it came with (`XMLRows`).
        public let fields: Range<Int>
    }

    private let batches: HandOff<XMLBatch>
    private var batch = XMLBatch()
    private var position = 0
    /// Records made by `next()` from a batch and not yet returned.
    private var pending: ArraySlice<SourceRecord> = []

    public init(source: any ByteSource, name: String, record: String?, maxFieldBytes: Int) throws {
        let recordName = (record == nil || record == "auto" || record?.isEmpty == true) ? nil : record
        let builder = XMLRecordBuilder(file: name, record: recordName, maxFieldBytes: maxFieldBytes)
        nonisolated(unsafe) let parsing = try XMLParsing(source: source, builder: builder)
        let batches = HandOff<XMLBatch>(depth: 4)
        self.batches = batches
        startNamedThread("xml-parse") {
            parsing.run { batches.put($0) }
        }
    }

    deinit {
        self.batches.cancel()
    }

    /// The rows left of the current batch (or the next batch's), with their fields, at
    /// once: for writers that handle many records per call, without reference
    /// counting per record (ingest writes them straight out). nil at the end of the
    /// file; its error, if it failed, after its last record.
    public func withNextRows<T>(_ body: (XMLRows) throws -> T) throws -> T? {
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
            try batch.fieldPaths.withUnsafeBufferPointer { ids in
                try batch.fieldRanges.withUnsafeBufferPointer { ranges in
                    try batch.values.withUnsafeBufferPointer { values in
                        try body(XMLRows(rows: UnsafeBufferPointer(rebasing: rows[from...]), ids: ids, ranges: ranges,
                                         values: values, paths: batch.paths))
                    }
                }
            }
        }
    }

    public func next() throws -> SourceRecord? {
        while self.pending.isEmpty {
            guard let records = try self.withNextRows({ rows in
                rows.rows.map { row in
                    SourceRecord(record: row.record, line: row.line, fields: row.fields.map { field in
                        Field(name: rows.paths[rows.ids[field]],
                              value: String(decoding: UnsafeBufferPointer(rebasing: rows.values[rows.ranges[field]]), as: UTF8.self))
                    }, reject: row.reject)
                }
            }) else { return nil }
            self.pending = records[...]
        }
        return self.pending.popFirst()
    }
}

/// A run of rows from `XMLRecordReader.withNextRows`, valid inside its closure: a
/// row's fields are `row.fields`, indexes into `ids` (the field's name, by id into
/// `paths`) and `ranges` (its value's bytes in `values`).
public struct XMLRows {
    public let rows: UnsafeBufferPointer<XMLRecordReader.Row>
    public let ids: UnsafeBufferPointer<Int>
    public let ranges: UnsafeBufferPointer<Range<Int>>
    public let values: UnsafeBufferPointer<UInt8>
    /// Every field name known so far, by id; the same name has the same id throughout a file.
    public let paths: [String]
}
