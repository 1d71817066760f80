/// Records a reading thread completed, handed to the consumer together: rows,
/// their fields (name id and value range) and the bytes of the values. CSV and
/// XML readers both make them, so ingest writes either from bytes, a batch at a
/// time (`BatchedRecordReader.withNextRows`).
struct RowBatch: Sendable {
    var rows: [BatchRow] = []
    var fieldNames: [Int] = []
    var fieldRanges: [Range<Int>] = []
    var values: [UInt8] = []
    /// Why the refused rows among them were refused (`BatchRow.rejectIndex`).
    var rejects: [RecordReject] = []
    /// Every field name known when the batch was made, by id.
    var names: [String] = []
    /// After the rows: the problem that stopped the file, or the end of it.
    var failure: InputError?
    var last = false

    /// A batch goes to the reader once this many value bytes or records wait.
    static let targetBytes = 1 << 16
    static let targetRows = 1024
}

/// One record of a batch: its number and line, and its fields or why it was
/// refused. Plain integers only, so copying one counts no references.
public struct BatchRow: Sendable {
    public let record: Int
    public let line: Int
    /// Its fields: indexes into the field lists of the rows it came with (`RowBatchView`).
    public let fields: Range<Int>
    /// Its reject's place in the batch's rejects; -1 when it was read.
    let rejectIndex: Int

    init(record: Int, line: Int, fields: Range<Int>, rejectIndex: Int = -1) {
        self.record = record
        self.line = line
        self.fields = fields
        self.rejectIndex = rejectIndex
    }
}

/// A run of rows from `BatchedRecordReader.withNextRows`, valid inside its closure:
/// a row's fields are `row.fields`, indexes into `nameIds` (the field's name, by id
/// into `names`) and `ranges` (its value's bytes in `values`, valid UTF-8).
public struct RowBatchView {
    public let rows: UnsafeBufferPointer<BatchRow>
    public let nameIds: UnsafeBufferPointer<Int>
    public let ranges: UnsafeBufferPointer<Range<Int>>
    public let values: UnsafeBufferPointer<UInt8>
    /// Every field name known so far, by id; the same name has the same id throughout a file.
    public let names: [String]
    let rejects: [RecordReject]

    /// Why `row` was refused, or nil when it was read (and has fields).
    public func reject(of row: BatchRow) -> RecordReject? {
        row.rejectIndex < 0 ? nil : self.rejects[row.rejectIndex]
    }
}
