import Foundation
import RecipientIO
import RunArtifacts
import Testing

@Suite("ingested.ndjson read back")
struct IngestedReaderTests {
    func roundTrip(_ records: [SourceRecord], extra: String = "", firstId: Int = 1) throws -> [IngestedRecord] {
        var encoder = IngestedLine(source: "exports/ventes \"été\".csv", firstId: firstId)
        var bytes: [UInt8] = []
        for record in records { encoder.encode(record, into: &bytes) }
        bytes += extra.utf8
        let path = NSTemporaryDirectory() + "ingested-\(UUID().uuidString).ndjson"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try IngestedReader(path: path)
        var read: [IngestedRecord] = []
        while let record = try reader.next() { read.append(record) }
        return read
    }

    @Test("every value comes back as written: quotes, backslashes, controls, emoji, Arabic, empty")
    func values() throws {
        let tricky = ["plain", "say \"hi\"", "back\\slash", "line\nbreak\r\n\ttab", "\u{01}\u{1F}", "😀 محمد", "", "/"]
        let records = tricky.enumerated().map { index, value in
            SourceRecord(
                record: index + 1, line: index + 2,
                fields: [Field(name: "name", value: value), Field(name: "we\"ird\nkey", value: value)])
        }
        let read = try self.roundTrip(records)
        #expect(read.map(\.fields) == records.map(\.fields))
        #expect(read.map(\.record) == Array(1...tricky.count))
        #expect(read.map(\.line) == Array(2...(tricky.count + 1)))
        #expect(read.map(\.id) == Array(1...tricky.count))
        #expect(read.allSatisfy { $0.source == "exports/ventes \"été\".csv" })
    }

    @Test("rejects, empty records and changing field names")
    func shapes() throws {
        let records = [
            SourceRecord(record: 1, line: 2, fields: [Field(name: "a", value: "1"), Field(name: "b", value: "2")]),
            SourceRecord(
                record: 2, line: 3, fields: [], reject: RecordReject(reason: "ragged_row", message: "3 fields, \"2\" expected")),
            SourceRecord(record: 3, line: 4, fields: []),
            SourceRecord(
                record: 4, line: 5,
                fields: [Field(name: "b", value: "x"), Field(name: "c", value: "y"), Field(name: "d", value: "z")]),
        ]
        let read = try self.roundTrip(records)
        #expect(read.map(\.fields) == records.map(\.fields))
        #expect(read[1].reject == RecordReject(reason: "ragged_row", message: "3 fields, \"2\" expected"))
        #expect(read.map { $0.reject == nil } == [true, false, true, true])
    }

    @Test("a line in another key order or spacing is still read, by the general reader")
    func otherShapes() throws {
        let line = #"{ "line": 9, "fields": {"phone": "\u0030501"}, "record": 7, "source": "hand.csv" }"# + "\n"
        let read = try self.roundTrip([], extra: line)
        #expect(read.count == 1)
        #expect(read[0].record == 7 && read[0].line == 9 && read[0].source == "hand.csv")
        // No id on the line (written before ids): its line number in the file is its id.
        #expect(read[0].id == 1)
        #expect(read[0].value("phone") == "0501")
    }

    @Test("a damaged line names the file and line")
    func damaged() throws {
        let error = #expect(throws: ArtifactError.self) {
            _ = try self.roundTrip([], extra: "{\"source\":\"x\",\"record\":1,\n")
        }
        #expect(error?.line == 1)
    }

    @Test(
        "hostile lines fail with the file and line named",
        arguments: [
            #"{"id":1,"source":"x"}"#,  // torn: which record is it?
            #"{"id":1,"source":"x","record":1,"line":2,"fields":{},"extra":1}"#,  // a foreign key
            #"{"id":1,"source":"x","record":-1,"line":2,"fields":{}}"#,
            #"{"id":1,"source":"x\q","record":1,"line":2,"fields":{}}"#,  // an escape JSON lacks
            "[1,2]",
        ])
    func hostile(line: String) throws {
        let error = #expect(throws: ArtifactError.self) { _ = try self.roundTrip([], extra: "\n" + line + "\n") }
        #expect(error?.line == 2, "\(line)")
    }

    @Test("bytes that are not UTF-8 are damage, not text to repair")
    func notUTF8() throws {
        var bytes = Array(#"{"id":1,"source":"x","record":1,"line":2,"fields":{"a":"é"}}"#.utf8) + [0x0A]
        bytes[bytes.count - 6] = 0xFF
        let path = NSTemporaryDirectory() + "ingested-\(UUID().uuidString).ndjson"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ArtifactError.self) { _ = try IngestedReader(path: path).next() }
        #expect(error?.line == 1 && error?.message.contains("UTF-8") == true)
    }

    @Test("ids run on from the one given (a second source starts after the first), rejects included")
    func ids() throws {
        let records = [
            SourceRecord(record: 1, line: 2, fields: [Field(name: "a", value: "1")]),
            SourceRecord(record: 2, line: 3, fields: [], reject: RecordReject(reason: "ragged_row", message: "torn")),
            SourceRecord(record: 3, line: 4, fields: [Field(name: "a", value: "3")]),
        ]
        #expect(try self.roundTrip(records, firstId: 41).map(\.id) == [41, 42, 43])
        // Lines from before ids, in ingest's old shape: each gets its line number.
        let old =
            #"{"source":"a.csv","record":1,"line":2,"fields":{"a":"1"}}"# + "\n"
            + #"{"source":"a.csv","record":2,"line":3,"fields":{"a":"2"}}"# + "\n"
        #expect(try self.roundTrip([], extra: old).map(\.id) == [1, 2])
    }

    @Test("an id that is not a positive number fails with the file and line named", arguments: ["0", "-3", "1.5", "null"])
    func badIds(id: String) throws {
        let line = #"{"id":"# + id + #","source":"a.csv","record":1,"line":2,"fields":{"a":"1"}}"# + "\n"
        let error = #expect(throws: ArtifactError.self) { try self.roundTrip([], extra: line) }
        #expect(error?.line == 1 && error?.file.hasSuffix(".ndjson") == true, "\(error.map { "\($0)" } ?? "")")
    }
}
