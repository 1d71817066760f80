/// Records the parsing thread completed, handed to the reader together: rows,
/// their fields (path id and value range) and the bytes of the values.
struct XMLBatch: Sendable {
    var rows: [XMLRecordReader.Row] = []
    var fieldPaths: [Int] = []
    var fieldRanges: [Range<Int>] = []
    var values: [UInt8] = []
    /// Every path known when the batch was made, by id.
    var paths: [String] = []
    /// After the rows: the problem that stopped the file, or the end of it.
    var failure: InputError?
    var last = false
}
