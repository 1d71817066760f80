import RecipientIO

/// `failed.csv`: recipients whose send failed for a reason worth retrying, in
/// the input's own columns, ready to feed back in as a new run.
final class FailedWriter {
    private let path: String
    private var columns: [String] = []
    private var known = Set<String>()
    private var rows: [[String: String]] = []

    init(path: String) {
        self.path = path
    }

    func add(_ record: IngestedRecord) throws {
        var row: [String: String] = [:]
        for field in record.fields {
            if self.known.insert(field.name).inserted { self.columns.append(field.name) }
            row[field.name] = field.value
        }
        self.rows.append(row)
    }

    func commit() throws {
        let writer = try AtomicFileWriter(path: self.path)
        try writer.write(SpreadsheetCSV.row(self.columns.isEmpty ? ["phone"] : self.columns))
        for row in self.rows {
            try writer.write(SpreadsheetCSV.row(self.columns.map { row[$0] ?? "" }))
        }
        try writer.commit()
    }
}
