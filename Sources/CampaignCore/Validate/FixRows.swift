import ArtifactText
import RunArtifacts
import RecipientIO

/// The rows of `fix.csv` as validate's chunk workers write them, in parallel
/// with the checks: each data reject's record in the inputs' columns (known
/// from `run.json`), then `reason` and `message`. A record with a field the
/// columns do not name cannot be written this way; the chunk says so and
/// `FixFile` writes the whole file from the artifacts instead.
struct FixRows: Sendable {
    let columns: [String]
    private let index: [String: Int]

    /// Nil when some input's columns are not known (too many to list).
    init?(inputs: [RunManifest.InputEntry]) {
        guard !inputs.isEmpty, inputs.allSatisfy({ $0.columns != nil }) else { return nil }
        var columns: [String] = []
        var index: [String: Int] = [:]
        for column in inputs.flatMap({ $0.columns ?? [] }) where index[column] == nil {
            index[column] = columns.count
            columns.append(column)
        }
        self.columns = columns
        self.index = index
    }

    var header: [UInt8] {
        var bytes: [UInt8] = []
        SpreadsheetCSV.append(self.columns + ["reason", "message"], to: &bytes)
        return bytes
    }

    /// Appends the record's row; false, writing nothing, when it has a field the columns lack.
    func append(_ record: IngestedRecord, _ reject: Reject, to out: inout [UInt8]) -> Bool {
        var cells = [String](repeating: "", count: self.columns.count)
        for field in record.fields {
            guard let at = self.index[field.name] else { return false }
            cells[at] = field.value
        }
        SpreadsheetCSV.append(cells + [reject.reason, reject.message], to: &out)
        return true
    }
}
