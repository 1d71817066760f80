extension CSVReader {
    /// Reads the whole file into batches, on the thread of the `BatchedRecordReader`
    /// that `InputOpener` makes for delimited text ("csv-parse"): each row's field
    /// bytes are copied once into the batch, its names are ids by column. The last
    /// batch says how the file ended.
    func run(emit: (RowBatch) -> Bool) {
        var batch = RowBatch()
        do {
            while let row = try self.nextRow() {
                if let reject = row.reject {
                    let at = batch.fieldNames.count
                    batch.rejects.append(reject)
                    batch.rows.append(
                        BatchRow(record: row.record, line: row.line, fields: at..<at, rejectIndex: batch.rejects.count - 1))
                } else {
                    if row.names.count > batch.names.count { batch.names = row.names }
                    let first = batch.fieldNames.count
                    self.withFields { bytes, ends in
                        var start = 0
                        for index in 0..<row.count {
                            let from = batch.values.count
                            batch.values.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<ends[index]]))
                            batch.fieldNames.append(index)
                            batch.fieldRanges.append(from..<batch.values.count)
                            start = ends[index]
                        }
                    }
                    batch.rows.append(BatchRow(record: row.record, line: row.line, fields: first..<batch.fieldNames.count))
                }
                if batch.rows.count >= RowBatch.targetRows || batch.values.count >= RowBatch.targetBytes {
                    let names = batch.names
                    guard emit(batch) else { return }
                    batch = RowBatch()
                    batch.names = names
                }
            }
        } catch let error as InputError {
            batch.failure = error
        } catch {
            batch.failure = InputError(file: self.name, message: "\(error)")
        }
        batch.last = true
        _ = emit(batch)
    }
}
