import ArtifactText
import RecipientIO
import RunArtifacts
import Testing
@testable import CampaignCore

/// Validate answers most records from the bytes of their line (`PlainRecordCheck`)
/// and the rest through `RecipientRules.check`; both must write the same files.
@Suite("Validate's byte path agrees with the rules")
struct PlainRecordCheckTests {
    static let names = [
        "A", "  padded ", "\u{00A0}nbsp", "tail\u{2003}", "نورة", "نورة\u{00A0}", "x     y", "",
        String(repeating: "n", count: 300), String(repeating: "ن", count: 200), "quote\"d", "tab\tbed",
        "=SUM(A1)", "\u{1680}ogham", "é",
    ]
    static let phones = [
        "0501234567", "+966 50 123 4567", "00966501234567", "(050) 123-4567", "٠٥٠١٢٣٤٥٦٧", "0512",
        "phone?", "", "   ", "0509999999", " 0501234567 ", "+1 202 555 0143", "\u{200F}0501234567",
        "۰۵۰۱۲۳۴۵۶۸", "＋９６６５０１２３４５６９", "०५०१२३४५६७", "05٠١٢٣٤٥٦٦", "\u{FEFF}\u{2066}0501234565\u{2069}",
        "\u{061C}٠٥٠١٢٣٤٥٦٤", "٠٥١٢", "٠", "\u{200E}",
    ]
    static let orders = [
        "ORD-1", " ORD-2", "", "a     b", "a    b", String(repeating: "o", count: 1100), "line\nbreak",
        "ok\u{3000}", "ع",
    ]

    func pipeline(constant: String) throws -> Pipeline {
        try PipelineLoader(environment: [:]).parse(
            """
            name: t
            account: a
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: name, variables: {"1": name, "2": order, "3": {value: "\(constant)"}}}
            """, path: "t.yaml")
    }

    /// Every combination of the values above, plus records with a field missing and an ingest reject.
    func lines() -> IngestedLines {
        var lines = IngestedLines()
        var encoder = IngestedLine(source: "in.csv", firstId: 1)
        var number = 0
        func add(_ fields: [Field], reject: RecordReject? = nil) {
            number += 1
            encoder.encode(SourceRecord(record: number, line: number + 1, fields: fields, reject: reject), into: &lines.bytes)
            lines.bytes.removeLast()  // the newline: IngestedLines holds lines without it
            lines.ends.append(lines.bytes.count)
            lines.numbers.append(number + 1)
        }
        for phone in Self.phones {
            for name in Self.names {
                for order in Self.orders {
                    add([
                        Field(name: "name", value: name), Field(name: "mobile", value: phone), Field(name: "order", value: order),
                    ])
                }
            }
        }
        add([Field(name: "name", value: "no phone"), Field(name: "order", value: "1")])
        add([Field(name: "mobile", value: "0501234567"), Field(name: "order", value: "1")])
        add([Field(name: "order", value: "2"), Field(name: "mobile", value: "0501234568"), Field(name: "name", value: "moved")])
        add([], reject: RecordReject(reason: "ragged_row", message: "3 fields, header has 4"))
        return lines
    }

    /// The output of `RecipientRules.check` alone, record by record.
    func reference(_ lines: IngestedLines, rules: RecipientRules) throws -> (
        recipients: [UInt8], rejects: [UInt8], keys: [UInt64]
    ) {
        var recipients: [UInt8] = []
        var rejects: [UInt8] = []
        var keys: [UInt64] = []
        for index in lines.ends.indices {
            let record = try ValidateChunk.record(index, of: lines, path: "ingested.ndjson")
            switch rules.check(record) {
            case .candidate(let candidate):
                RecipientsFile.encode(candidate.recipient, into: &recipients)
                keys.append(candidate.key)
            case .reject(let reject):
                SpreadsheetCSV.append(reject.cells, to: &rejects)
            }
        }
        return (recipients, rejects, keys)
    }

    @Test("the same recipients, rejects and dedupe keys as check, record for record", arguments: ["CUBE20", "", "a     b"])
    func agrees(constant: String) throws {
        for suppressed in [Set<String>(), ["+966509999999"]] {
            let rules = RecipientRules(pipeline: try self.pipeline(constant: constant), suppressed: suppressed)
            let lines = self.lines()
            let output = try ValidateChunk.check(lines, rules: rules, path: "ingested.ndjson")
            let expected = try self.reference(lines, rules: rules)
            #expect(String(decoding: output.recipients, as: UTF8.self) == String(decoding: expected.recipients, as: UTF8.self))
            #expect(String(decoding: output.rejects, as: UTF8.self) == String(decoding: expected.rejects, as: UTF8.self))
            #expect(output.admissions.map(\.key) == expected.keys)
            #expect(output.admissions.count + output.rejected == lines.ends.count)
        }
    }

    @Test("most plain records are answered from their bytes")
    func usesBytes() throws {
        let rules = RecipientRules(pipeline: try self.pipeline(constant: "CUBE20"), suppressed: [])
        var plain = PlainRecordCheck(rules: rules)
        var parser = IngestedLineParser()
        var fields = IngestedLineParser.PlainFields()
        var out: [UInt8] = []
        let line = Array(
            #"{"id":5,"source":"in.csv","record":1,"line":2,"fields":{"name":"Sara","mobile":"0501234567","order":"ORD-1"}}"#.utf8
        )
        let answer = line.withUnsafeBufferPointer { bytes -> PlainRecordCheck.Answer in
            #expect(parser.scan(line: bytes, into: &fields))
            return plain.check(bytes, fields, names: parser.nameStrings, into: &out)
        }
        guard case .candidate(let key) = answer else {
            Issue.record("expected the byte path to answer, got \(answer)")
            return
        }
        #expect(key == 966_501_234_567)
        #expect(
            String(decoding: out, as: UTF8.self)
                == #"{"id":5,"phone":"+966501234567","name":"Sara","variables":{"1":"Sara","2":"ORD-1","3":"CUBE20"},"source":"in.csv","record":1}"#
                + "\n")
    }
}
