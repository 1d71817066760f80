/// Streams the records of one sheet of an `.xlsx` or `.ods` workbook: the
/// sheet's part is inflated and parsed on a thread of its own ("sheet-parse"),
/// in batches, so memory holds the shared strings and a few batches, never the
/// rows. The sheet is chosen when the reader opens (`SheetChoice`), so a
/// missing sheet or a damaged workbook is an error before any record.
public final class WorkbookRecordReader: BatchedRecordReader {
    /// The sheet being read, by name, for the log and `run.json`.
    public let sheet: String
    public let format: InputFormat

    init(file: FileSource, name: String, options: ReadOptions) throws {
        let archive = try ZipArchive(descriptor: try file.duplicateDescriptor(), name: name, limits: options.gzipLimits)
        let workbook: any Workbook
        switch try WorkbookKind.detect(archive) {
        case .xlsx:
            workbook = try XLSXWorkbook(archive: archive, maxFieldBytes: options.maxFieldBytes)
            self.format = .xlsx
        case .ods:
            workbook = try ODSWorkbook(archive: archive, maxFieldBytes: options.maxFieldBytes)
            self.format = .ods
        }
        let picked = try workbook.pick(options.sheet, phoneColumn: options.phoneColumn, file: name)
        self.sheet = picked.name
        nonisolated(unsafe) let reading = workbook
        let header = options.header
        let maxFieldBytes = options.maxFieldBytes
        super.init(thread: "sheet-parse") { emit in
            let rows = SheetRecordAssembler(file: name, header: header, maxFieldBytes: maxFieldBytes)
            var failure: InputError?
            do {
                try withoutActuallyEscaping(emit) { try reading.read(sheet: picked.index, into: rows, emit: $0) }
            } catch let error as InputError {
                failure = error
            } catch {
                failure = InputError(file: name, message: "\(error)")
            }
            var batch = rows.drain()
            batch.failure = failure
            batch.last = true
            _ = emit(batch)
        }
    }

}
