import ArtifactText
import RecipientIO
public import RunArtifacts

/// Input records written back in the input's own columns, spreadsheet-safe,
/// ready for a person to open and for ingest to read again: `failed.csv`
/// (sends worth retrying) and `fix.csv` (records to correct). Columns are the
/// ones ingest listed for the inputs, in order, then any a record adds, then
/// the writer's own (`reason`, `message`). Rows are kept as cells by column
/// index until the header is known complete, then written in one pass.
public final class RecordsCSVWriter {
    private let path: String
    private var columns: [String] = []
    private var index: [String: Int] = [:]
    private let extra: [String]
    private var rows: [[String]] = []

    public init(path: String, columns: [String] = [], extra: [String] = []) {
        self.path = path
        self.extra = extra
        for column in columns where self.index[column] == nil { self.addColumn(column) }
    }

    var count: Int { self.rows.count }

    private func addColumn(_ name: String) {
        self.index[name] = self.columns.count
        self.columns.append(name)
    }

    public func add(_ record: IngestedRecord, extra values: [String] = []) throws {
        var row = [String](repeating: "", count: self.columns.count)
        for field in record.fields {
            if self.index[field.name] == nil {
                self.addColumn(field.name)
                row.append("")
            }
            if let at = self.index[field.name] { row[at] = field.value }
        }
        self.rows.append(row + values + [String](repeating: "", count: max(0, self.extra.count - values.count)))
    }

    public func commit() throws {
        let writer = try AtomicFileWriter(path: self.path)
        let header = (self.columns.isEmpty && self.extra.isEmpty ? ["phone"] : self.columns) + self.extra
        var bytes: [UInt8] = []
        SpreadsheetCSV.append(header, to: &bytes)
        for row in self.rows {
            // A row made before a later record added a column has fewer record cells: pad them before its own.
            let recordCells = row.count - self.extra.count
            let padded =
                recordCells < self.columns.count
                ? Array(row[..<recordCells]) + [String](repeating: "", count: self.columns.count - recordCells)
                    + Array(row[recordCells...])
                : row
            SpreadsheetCSV.append(padded, to: &bytes)
            if bytes.count >= 1 << 20 {
                try writer.write(bytes: bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        try writer.write(bytes: bytes)
        try writer.commit()
    }
}
