import ArtifactText
public import RecipientIO

/// `rejects.csv`: a row per record validate turned away, and why. Written by
/// validate (`Reject.cells`, through `SpreadsheetCSV`), read back by the report
/// and by `fix.csv`'s writer, which find a record's row by its id.
public enum RejectsFile {
    public static let file = RunFile.rejects

    /// The rows of `rejects.csv` at `path`, by header name (`column`).
    public static func reader(path: String) throws -> CSVReader {
        CSVReader(
            source: try FileSource(path: path), name: path,
            options: .init(delimiter: UInt8(ascii: ","), header: true, maxFieldBytes: 1 << 22))
    }

    /// A cell by its header name (`Reject.header`, the `recipients.ndjson` keys), not its position.
    public static func column(_ name: String, of line: SourceRecord) -> String? {
        line.fields.first { $0.name == name }?.value
    }

    /// The same record id; on a row from before ids, the same source and record number
    /// (rejects.csv holds the source as neutralised for spreadsheets).
    public static func matches(_ line: SourceRecord, _ record: IngestedRecord) -> Bool {
        var source: String?
        var number: Int?
        for field in line.fields {
            switch field.name {
            case "id": return Int(field.value) == record.id
            case "source": source = field.value
            case "record": number = Int(field.value)
            default: break
            }
        }
        guard let source, let number else { return false }
        return Self.matches(source: source, record: number, record)
    }

    /// A row from before ids: the same source and record number, the source as this file
    /// neutralised it for spreadsheets.
    public static func matches(source: String, record number: Int, _ record: IngestedRecord) -> Bool {
        number == record.record && (source == record.source || source == SpreadsheetCSV.neutralised(record.source))
    }
}
