import Testing
@testable import RecipientIO

@Suite("JSON and NDJSON")
struct JSONReaderTests {
    @Test("nested objects flatten to dotted paths, arrays to indexes, numbers keep every digit")
    func flatten() throws {
        let text = #"[{"contact":{"mobile":966501234567,"name":"Ahmed"},"tags":["vip","new"],"score":1.50e3,"ok":true,"x":null}]"#
        let (records, description) = try readAll(try temporaryFile(text))
        #expect(description.format == .json)
        let record = try #require(records.first)
        #expect(record["contact.mobile"] == "966501234567")
        #expect(record["contact.name"] == "Ahmed")
        #expect(record["tags.1"] == "new")
        #expect(record["score"] == "1.50e3")
        #expect(record["ok"] == "true")
        #expect(record["x"] == "")
    }

    @Test("a pointer names a nested array; keys before it are skipped")
    func pointer() throws {
        let text = #"{"meta":{"n":[1,2]},"data":{"contacts":[{"p":"1"},{"p":"2"}]}}"#
        let (records, _) = try readAll(try temporaryFile(text), options: ReadOptions(record: "/data/contacts"))
        #expect(records.map { $0["p"] } == ["1", "2"])
    }

    @Test("duplicate keys: the last one wins")
    func duplicateKeys() throws {
        let (records, _) = try readAll(try temporaryFile(#"[{"a":"1","a":"2"}]"#))
        #expect(records[0].fields == [Field(name: "a", value: "2")])
    }

    @Test("NDJSON skips blank lines, accepts CRLF, and rejects a bad line but goes on")
    func ndjson() throws {
        let text = "{\"a\":\"1\"}\r\n\r\n{\"a\":\n{\"a\":\"3\"}\n"
        let (records, description) = try readAll(try temporaryFile(text), options: ReadOptions(format: .ndjson))
        #expect(description.format == .ndjson)
        #expect(records.count == 3)
        #expect(records[1].reject?.reason == "invalid_json")
        #expect(records[2]["a"] == "3")
        #expect(records[2].line == 4)
    }

    @Test("200,000-deep nesting is an error, not a crash")
    func deepNesting() throws {
        let text = "[" + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "]"
        #expect(throws: InputError.self) { _ = try readAll(try temporaryFile(text)) }
    }

    @Test(
        "escapes and surrogate pairs decode; lone surrogates and bad literals are errors",
        arguments: [
            (#"[{"a":"\u00e9\ud83d\ude00\n"}]"#, "é😀\n")
        ])
    func escapes(text: String, expected: String) throws {
        #expect(try readAll(try temporaryFile(text)).records[0]["a"] == expected)
    }

    @Test(
        "malformed documents are refused",
        arguments: [
            #"[{"a":"\ud800"}]"#, #"[{"a":tru}]"#, #"[{"a":01}]"#, #"[{"a":"x"},]"#, #"[{"a" "x"}]"#, "[{\"a\":\"\u{01}\"}]",
        ])
    func malformed(text: String) throws {
        #expect(throws: InputError.self) { _ = try readAll(try temporaryFile(text)) }
    }
}
