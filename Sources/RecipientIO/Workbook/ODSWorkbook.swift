/// An OpenDocument spreadsheet (`.ods`): every table is in `content.xml`, so
/// surveying the sheets reads that part once up to the table wanted (header
/// rows only), and reading a sheet reads it again up to that table's end.
final class ODSWorkbook: Workbook {
    private let archive: ZipArchive
    private let content: ZipEntry
    private let maxFieldBytes: Int

    init(archive: ZipArchive, maxFieldBytes: Int) throws {
        guard let content = archive.entry("content.xml") else {
            throw InputError(
                file: archive.file, message: "the OpenDocument file has no content.xml",
                hint: "the file is damaged; save it again from LibreOffice")
        }
        self.archive = archive
        self.content = content
        self.maxFieldBytes = maxFieldBytes
    }

    func survey(until stop: @escaping (Int, String, () throws -> [String]?) throws -> Bool) throws -> [String] {
        var stopError: (any Error)?
        let handler = ODSContentHandler(
            target: .headers(stop: { index, name, header in
                do {
                    return try stop(index, name, { header })
                } catch {
                    stopError = error
                    return true
                }
            }), maxFieldBytes: self.maxFieldBytes
        ) { [archive, maxFieldBytes] in
            SheetRecordAssembler(file: archive.file, header: true, maxFieldBytes: maxFieldBytes, headerOnly: true)
        }
        try self.archive.parse(self.content, with: handler)
        if let stopError { throw stopError }
        if let failure = handler.failure { throw failure }
        return handler.tables.map(\.name)
    }

    func read(sheet index: Int, into rows: SheetRecordAssembler, emit: @escaping (RowBatch) -> Bool) throws {
        let handler = ODSContentHandler(target: .table(index), maxFieldBytes: self.maxFieldBytes) { rows }
        handler.emit = emit
        try self.archive.parse(self.content, with: handler, readAhead: true)
        if let failure = handler.failure ?? rows.failure { throw failure }
    }
}
