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
/// of its own, a few input chunks ahead of the caller; records and the first
/// error come out in document order, and memory holds a few chunks' records.
public final class XMLRecordReader: RecordReader {
    /// One record as the reader holds it, its fields as bytes until the next call:
    /// for writers that need no `String` per field (ingest writes them straight out).
    public struct Row: Sendable {
        public let record: Int
        public let line: Int
        public let reject: RecordReject?
        /// Its fields are `count` entries of the batch's field lists from `first` on.
        let first: Int
        public let count: Int
    }

    private let batches: HandOff<XMLBatch>
    private var batch = XMLBatch()
    private var position = 0

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

    public func nextRow() throws -> Row? {
        while self.position >= self.batch.rows.count {
            if self.batch.last {
                if let failure = self.batch.failure { throw failure }
                return nil
            }
            self.batch = self.batches.take()
            self.position = 0
        }
        self.position += 1
        return self.batch.rows[self.position - 1]
    }

    /// The fields of `row` (the one `nextRow()` returned last), at once: each
    /// field's name id (see `fieldName`) and its value's range in `values`.
    public func withFields<T>(of row: Row, _ body: (_ ids: UnsafeBufferPointer<Int>, _ ranges: UnsafeBufferPointer<Range<Int>>,
                                                    _ values: UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let fields = row.first..<row.first + row.count
        return try self.batch.fieldPaths.withUnsafeBufferPointer { ids in
            try self.batch.fieldRanges.withUnsafeBufferPointer { ranges in
                try self.batch.values.withUnsafeBufferPointer { values in
                    try body(UnsafeBufferPointer(rebasing: ids[fields]), UnsafeBufferPointer(rebasing: ranges[fields]), values)
                }
            }
        }
    }

    /// A field's name (a dotted path, `@` for attributes) from its id; the same name has the same id throughout a file.
    public func fieldName(_ id: Int) -> String {
        self.batch.paths[id]
    }

    public func next() throws -> SourceRecord? {
        guard let row = try self.nextRow() else { return nil }
        let fields = self.withFields(of: row) { ids, ranges, values in
            (0..<ids.count).map {
                Field(name: self.fieldName(ids[$0]), value: String(decoding: UnsafeBufferPointer(rebasing: values[ranges[$0]]), as: UTF8.self))
            }
        }
        return SourceRecord(record: row.record, line: row.line, fields: fields, reject: row.reject)
    }
}
