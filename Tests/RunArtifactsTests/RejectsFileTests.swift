import ArtifactText
import Foundation
import RecipientIO
import RunArtifacts
import Testing

/// `rejects.csv` written as validate writes it and read back as the report and
/// `fix.csv` read it: every cell as written, and each row found for its record.
struct RejectsFileTests {
    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "rejects-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func rows(_ path: String) throws -> [SourceRecord] {
        let reader = try RejectsFile.reader(path: path)
        var rows: [SourceRecord] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    static func record(id: Int, source: String, record: Int) -> IngestedRecord {
        IngestedRecord(id: id, source: source, record: record, line: record + 1, fields: [], reject: nil)
    }

    @Test func roundTripsEveryCell() throws {
        let rejects = [
            Reject(
                id: 1, source: "in.csv", record: 1, line: 2, reason: "invalid_phone", field: "mobile", value: "05x",
                message: "not a phone number"),
            Reject(
                id: 987_654, source: "=cmd|' /C calc'!A0.csv", record: 9, line: 10, reason: "bad_name", field: "name",
                value: "a,\"b\"\nc", message: "the name has \"quotes\", commas and a line break"),
        ]
        var text = SpreadsheetCSV.row(Reject.header)
        for reject in rejects { text += SpreadsheetCSV.row(reject.cells) }
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try Self.rows(path)
        #expect(rows.count == 2)
        for (row, reject) in zip(rows, rejects) {
            #expect(RejectsFile.column("id", of: row) == String(reject.id))
            #expect(RejectsFile.column("value", of: row) == reject.value)
            #expect(RejectsFile.column("message", of: row) == reject.message)
            #expect(RejectsFile.matches(row, Self.record(id: reject.id, source: reject.source, record: reject.record)))
            // Another record id is another record, whatever its source and number say.
            #expect(!RejectsFile.matches(row, Self.record(id: reject.id + 1, source: reject.source, record: reject.record)))
        }
        // A formula-like source is written neutralised; the row is still its record's.
        #expect(RejectsFile.column("source", of: rows[1]) == "'=cmd|' /C calc'!A0.csv")
    }

    @Test func rowsFromBeforeIdsMatchBySourceAndRecord() throws {
        let path = try Self.write(
            "source,record,line,reason,field,value,message\n'=x.csv,3,4,invalid_phone,mobile,1,bad\nin.csv,5,6,duplicate,mobile,2,same\n"
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try Self.rows(path)
        #expect(RejectsFile.matches(rows[0], Self.record(id: 77, source: "=x.csv", record: 3)))
        #expect(RejectsFile.matches(rows[1], Self.record(id: 78, source: "in.csv", record: 5)))
        #expect(!RejectsFile.matches(rows[1], Self.record(id: 5, source: "in.csv", record: 4)))
    }

    @Test func aTornFileFailsWithItsNameAndLine() throws {
        let path = try Self.write("source,record,line,reason,field,value,message,id\nin.csv,1,2,invalid_phone,mobile,\"05")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try Self.rows(path)
        } throws: { error in
            "\(error)".contains(path)
        }
    }
}
