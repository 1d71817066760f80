import RecipientIO

/// Input records written back in the input's own columns, spreadsheet-safe,
/// ready for a person to open and for ingest to read again: `failed.csv`
/// (sends worth retrying) and `fix.csv` (records to correct). Columns are the
/// ones ingest listed for the inputs, in order, then any a record adds, then
/// the writer's own (`reason`, `message`).
final class RecordsCSVWriter {
    private let path: String
    private var columns: [String]
    private var known: Set<String>
    private let extra: [String]
    private var rows: [[String: String]] = []

    init(path: String, columns: [String] = [], extra: [String] = []) {
        self.path = path
        var unique: [String] = []
        var seen = Set<String>()
        for column in columns where seen.insert(column).inserted { unique.append(column) }
        self.columns = unique
        self.known = seen
        self.extra = extra
    }

    var count: Int { self.rows.count }

    func add(_ record: IngestedRecord, extra values: [String] = []) throws {
        var row: [String: String] = [:]
        for field in record.fields {
            if self.known.insert(field.name).inserted { self.columns.append(field.name) }
            row[field.name] = field.value
        }
        for (column, value) in zip(self.extra, values) { row["\u{0}" + column] = value }
        self.rows.append(row)
    }

    func commit() throws {
        let writer = try AtomicFileWriter(path: self.path)
        let header = (self.columns.isEmpty && self.extra.isEmpty ? ["phone"] : self.columns) + self.extra
        try writer.write(SpreadsheetCSV.row(header))
        for row in self.rows {
            try writer.write(SpreadsheetCSV.row(self.columns.map { row[$0] ?? "" } + self.extra.map { row["\u{0}" + $0] ?? "" }))
        }
        try writer.commit()
    }
}
