import Foundation
import RunArtifacts
import Testing

/// `recipients.ndjson` read back as written, other tools' spellings of the same fields
/// accepted, and anything else refused with the file and line.
struct RecipientsFileTests {
    static func line(_ record: RecipientRecord) -> [UInt8] {
        var out: [UInt8] = []
        RecipientsFile.encode(record, into: &out)
        return out
    }

    static func decode(_ text: String, line: Int = 7) throws -> RecipientRecord {
        try Array(text.utf8).withUnsafeBytes { try RecipientsFile.decode($0, path: "run/recipients.ndjson", line: line) }
    }

    @Test func roundTripsEveryValue() throws {
        let records = [
            RecipientRecord(
                phone: "+966501234567", name: "Sara", variables: [("1", "Sara"), ("2", "ORD-1"), ("3", "CUBE20")],
                source: "in.csv", record: 1, id: 1),
            RecipientRecord(
                phone: "+447700900123", name: nil, variables: [], source: "a \"quoted\"\\path\n.csv", record: 0, id: 987_654),
            // A line validated before record ids existed: written and read without one.
            RecipientRecord(phone: "+447700900124", name: nil, variables: [], source: "old.csv", record: 3),
            RecipientRecord(
                phone: "+12125550100", name: "نورة\t\u{1}😀", variables: [("k\"ey", "v\u{7f}\u{2028}")],
                source: "x.xml.gz", record: 123_456_789),
            // `language:`: the recipient's language, and whether it is the fallback.
            RecipientRecord(
                phone: "+966501234568", name: "Sara", variables: [("1", "Sara")], source: "in.csv", record: 2, id: 2,
                language: "en_US"),
            RecipientRecord(
                phone: "+966501234569", name: nil, variables: [], source: "in.csv", record: 3, id: 3, language: "ar",
                languageFallback: true),
        ]
        for record in records {
            let bytes = Self.line(record)
            #expect(bytes.last == 0x0A)
            let back = try bytes.withUnsafeBytes { try RecipientsFile.decode($0, path: "f", line: 1) }
            #expect(back == record)
            let phone = try bytes.withUnsafeBytes { try RecipientsFile.phone($0, path: "f", line: 1) }
            #expect(phone == record.phone)
        }
    }

    @Test func aLineWithoutLanguageIsWrittenAsBeforeLanguages() {
        let plain = RecipientRecord(phone: "+966501234567", name: nil, variables: [], source: "s", record: 1, id: 1)
        #expect(
            String(decoding: Self.line(plain), as: UTF8.self)
                == #"{"id":1,"phone":"+966501234567","name":null,"variables":{},"source":"s","record":1}"# + "\n")
        var chosen = plain
        chosen.language = "ar"
        chosen.languageFallback = true
        #expect(
            String(decoding: Self.line(chosen), as: UTF8.self)
                == #"{"id":1,"phone":"+966501234567","name":null,"variables":{},"source":"s","record":1,"language":"ar","language_fallback":true}"#
                + "\n")
    }

    @Test func readsTheSameFieldsInAnotherOrderOrSpacing() throws {
        let record = try Self.decode(
            #" { "record": 4, "source": "b.csv", "variables": {"2": "x", "1": "y"}, "name": "", "phone": "+966501234567" } "#)
        #expect(record.phone == "+966501234567")
        #expect(record.name == nil)
        #expect(record.record == 4)
        #expect(record.source == "b.csv")
        #expect(record.variables.map(\.key) == ["2", "1"])
        #expect(record.id == nil)
        #expect(try Self.decode(#"{"source":"s","record":2,"id":17,"phone":"+9665","variables":{}}"#).id == 17)
        #expect(try Self.decode(#"{"phone":"+9665","name":null,"variables":{},"source":"s","record":2}"# + "\r\n").record == 2)
    }

    @Test func forEachNumbersLinesFromTheFirstOne() throws {
        var bytes: [UInt8] = []
        for index in 0..<3 {
            RecipientsFile.encode(
                RecipientRecord(phone: "+96650000000\(index)", name: nil, variables: [], source: "s", record: index + 1),
                into: &bytes)
        }
        bytes += Array(#"{"phone":"+1","oops":1}"#.utf8) + [0x0A]
        var seen: [Int] = []
        #expect {
            try bytes.withUnsafeBytes { raw in
                try RecipientsFile.forEach(in: raw, path: "run/recipients.ndjson", firstLine: 10) { seen.append($0.record) }
            }
        } throws: { error in
            (error as? ArtifactError)?.line == 13 && "\(error)".contains("run/recipients.ndjson:13")
        }
        #expect(seen == [1, 2, 3])
    }

    @Test(arguments: [
        (#"{"phone":"+966501234567","name":null,"variables":{},"source":"s","rec"#, "torn"),
        (#"{"phone":"+966501234567","name":null,"variables":{},"source":"s","record":1,"extra":"x"}"#, "foreign key"),
        (#"{"phone":"0501234567","name":null,"variables":{},"source":"s","record":1}"#, "not E.164"),
        (#"{"phone":"+966501234567","name":null,"variables":{},"record":1}"#, "no source"),
        (#"{"phone":"+966501234567","name":"\x","variables":{},"source":"s","record":1}"#, "bad escape"),
        (#"{"phone":"+966501234567","name":"a","variables":{},"source":"s","record":-1}"#, "negative record"),
        ("", "empty"),
        ("[1,2]", "not an object"),
        (#"{"id":0,"phone":"+966501234567","name":null,"variables":{},"source":"s","record":1}"#, "id zero"),
        (#"{"id":-2,"phone":"+966501234567","name":null,"variables":{},"source":"s","record":1}"#, "negative id"),
        (#"{"id":"x","phone":"+966501234567","name":null,"variables":{},"source":"s","record":1}"#, "id not a number"),
    ])
    func refusesWithFileAndLine(text: String, why: String) {
        #expect(throws: ArtifactError.self, "\(why)") { try Self.decode(text, line: 42) }
        do {
            _ = try Self.decode(text, line: 42)
        } catch {
            #expect("\(error)".hasPrefix("run/recipients.ndjson:42: "), "\(why): \(error)")
        }
    }

    @Test func refusesInvalidUTF8() {
        var bytes = Array(#"{"phone":"+966501234567","name":"ab","variables":{},"source":"s","record":1}"#.utf8)
        bytes[31] = 0xFF
        #expect(throws: ArtifactError.self) {
            try bytes.withUnsafeBytes { try RecipientsFile.decode($0, path: "run/recipients.ndjson", line: 3) }
        }
    }
}
