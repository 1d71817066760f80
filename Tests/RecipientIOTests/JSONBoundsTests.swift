import Testing
@testable import RecipientIO
import Foundation

/// JSON detected as people send it (a minified document is one document) and
/// bounded as CSV is: a record past the field or byte limits is refused and
/// the next one read, without keeping what was skipped.
@Suite("JSON: detection and bounds")
struct JSONBoundsTests {
    static func contacts(_ count: Int) -> String {
        (0..<count).map { #"{"phone":"+9665012\#(String(format: "%05d", $0))","name":"N\#($0)"}"# }.joined(separator: ",")
    }

    @Test("a minified one-line document is JSON, and auto finds data.contacts past meta's arrays")
    func minified() throws {
        let text = #"{"meta":{"count":500,"tags":["a","b"],"none":[]},"data":{"contacts":[\#(Self.contacts(500))]}}"#
        let (records, description) = try readAll(try temporaryFile(text, suffix: ".json"))
        #expect(description.format == .json)
        #expect(records.count == 500)
        #expect(records.first?["phone"] == "+966501200000")
        #expect(records.last?["name"] == "N499")
    }

    @Test("a document whose only arrays are empty has no records")
    func empty() throws {
        let (records, _) = try readAll(try temporaryFile(#"{"meta":{"n":0},"contacts":[]}"#))
        #expect(records.isEmpty)
    }

    @Test("one object on one line: NDJSON when named .ndjson or .jsonl, else a document without records (named, with what to do)")
    func oneLine() throws {
        let line = #"{"phone":"+966501234567"}"# + "\n"
        for suffix in [".ndjson", ".jsonl"] {
            let (records, description) = try readAll(try temporaryFile(line, suffix: suffix))
            #expect(description.format == .ndjson)
            #expect(records.count == 1)
        }
        let path = try temporaryFile(line, suffix: ".json")
        #expect { _ = try readAll(path) } throws: { error in
            "\(error)".contains("no array of objects") && "\(error)".contains("ndjson")
        }
        let (two, description) = try readAll(try temporaryFile(line + line, suffix: ".json"))
        #expect(description.format == .ndjson)
        #expect(two.count == 2)
    }

    @Test("a record holding a 200,000-element array is refused as too_many_fields; its neighbour is read")
    func hugeArray() throws {
        let junk = [String](repeating: "0", count: 200_000).joined(separator: ",")
        let text = #"[{"phone":"+966501234567","junk":[\#(junk)]},{"phone":"+966501234568"}]"#
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.count == 2)
        #expect(records[0].reject?.reason == .tooManyFields)
        #expect(records[0].fields.isEmpty)
        #expect(records[1]["phone"] == "+966501234568")
    }

    @Test("a record past 16 times the field limit in all is refused as record_too_large; the next is read")
    func tooLarge() throws {
        let value = String(repeating: "x", count: 1000)
        let fields = (0..<20).map { #""f\#($0)":"\#(value)""# }.joined(separator: ",")
        let text = "{\(fields)}\n{\"phone\":\"1\"}\n"
        var options = ReadOptions(format: .ndjson)
        options.maxFieldBytes = 1024
        let (records, _) = try readAll(try temporaryFile(text), options: options)
        #expect(records.map(\.reject?.reason) == [.recordTooLarge, nil])
        #expect(records[1]["phone"] == "1")
    }

    @Test("values skipped on the way to the records are checked: a malformed one is an error, not a guess")
    func skippedMalformed() throws {
        let path = try temporaryFile(#"{"meta":{"x":[1,2,}},"data":[{"p":"1"}]}"#)
        #expect(throws: InputError.self) { _ = try readAll(path) }
    }

    @Test("objects nested 100,000 deep on the way to the records are an error, not a stack overflow")
    func deepAuto() throws {
        let path = try temporaryFile(String(repeating: #"{"a":"#, count: 100_000))
        #expect { _ = try readAll(path) } throws: { "\($0)".contains("nesting deeper than") }
    }

    @Test("a field's dotted path counts toward the record's bytes: a 100 KB key over 300 fields is refused")
    func longPaths() throws {
        let key = String(repeating: "k", count: 100_000)
        let inner = (0..<300).map { #""f\#($0)":"1""# }.joined(separator: ",")
        let text = #"[{"\#(key)":{\#(inner)}},{"phone":"1"}]"#
        var options = ReadOptions()
        options.maxFieldBytes = 1 << 20
        let (records, _) = try readAll(try temporaryFile(text), options: options)
        #expect(records.map(\.reject?.reason) == [.recordTooLarge, nil])
    }
}
