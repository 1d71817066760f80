/// Where a writer takes a reader's records, a batch at a time where the reader
/// has batches (CSV, XML: rows of plain integers, no reference counting per
/// record) and one at a time where it has not (JSON). The reader picks the way
/// (`RecordReader.next(into:)`), so a writer never asks which reader it has.
public protocol RecordSink {
    mutating func take(_ record: SourceRecord)
    /// A batch of rows; returns how many records it held and how many of them are rejects.
    mutating func take(_ batch: RowBatchView) -> (records: Int, rejects: Int)
}
