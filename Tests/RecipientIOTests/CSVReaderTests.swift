import Foundation
import Testing
@testable import RecipientIO

@Suite("CSV and TSV")
struct CSVReaderTests {
    @Test("quoted fields keep delimiters, doubled quotes and line breaks; lines are counted")
    func quoting() throws {
        let text = "name,phone,note\r\n\"Dana, \"\"the boss\"\"\",0501,\"line one\r\nline two\"\r\nAli,0502,plain\r\n"
        let (records, description) = try readAll(try temporaryFile(text))
        #expect(description.format == .csv)
        #expect(records.count == 2)
        #expect(records[0]["name"] == "Dana, \"the boss\"")
        #expect(records[0]["note"] == "line one\r\nline two")
        #expect(records[0].line == 2)
        #expect(records[1].line == 4)
        #expect(records[1]["note"] == "plain")
    }

    @Test("a ragged row becomes a reject with its line and reading goes on")
    func raggedRow() throws {
        let (records, _) = try readAll(try temporaryFile("a,b\n1,2\n3\n4,5\n"))
        #expect(records.count == 3)
        #expect(records[1].reject?.reason == "ragged_row")
        #expect(records[1].line == 3)
        #expect(records[2]["a"] == "4")
    }

    @Test("duplicate and empty header names become unique in a fixed way")
    func headers() throws {
        let (records, _) = try readAll(try temporaryFile("Phone,,Phone\n1,2,3\n"))
        #expect(records[0].fields.map(\.name) == ["Phone", "column_2", "Phone_2"])
    }

    @Test("Excel's semicolons are sniffed; tabs make TSV")
    func delimiters() throws {
        #expect(try readAll(try temporaryFile("a;b\n1;2\n")).description.delimiter == ";")
        let tsv = try readAll(try temporaryFile("a\tb\n1\t2\n"))
        #expect(tsv.description.format == .tsv)
        #expect(tsv.records[0]["b"] == "2")
    }

    @Test("an oversize field rejects its record and memory stays bounded")
    func oversizeField() throws {
        let big = String(repeating: "x", count: 5_000)
        let (records, _) = try readAll(try temporaryFile("a,b\n1,\(big)\n2,ok\n"), options: ReadOptions(maxFieldBytes: 1_000))
        #expect(records[0].reject?.reason == "field_too_large")
        #expect(records[1]["b"] == "ok")
    }

    @Test("an unterminated quote is an error naming its line")
    func unterminatedQuote() throws {
        let path = try temporaryFile("a,b\n1,\"open\n2,3\n")
        #expect {
            _ = try readAll(path)
        } throws: { error in
            (error as? InputError)?.line == 2
        }
    }

    @Test("an empty file and a header-only file have no records")
    func emptyInputs() throws {
        #expect(try readAll(try temporaryFile("")).records.isEmpty)
        #expect(try readAll(try temporaryFile("a,b\r\n")).records.isEmpty)
    }

    @Test("invalid UTF-8 rejects the record and says which encoding to try")
    func invalidUTF8() throws {
        let (records, _) = try readAll(try temporaryFile([0x61, 0x0A, 0xC3, 0x28, 0x0A]))
        #expect(records[0].reject?.reason == "invalid_encoding")
        #expect(records[0].reject?.message.contains("--encoding") == true)
    }

    @Test("thousands of rows, rejects among them, come out in order across batches, then the error that stopped the file")
    func errorAfterRows() throws {
        var text = "id,phone\n"
        for index in 1...5_000 { text += index % 1_000 == 0 ? "\(index)\n" : "\(index),05\(index)\n" }
        text += "5001,\"never closed\n5002,x\n"
        let (records, failure, reader) = try readUntilFailure(try temporaryFile(text))
        #expect(records.map(\.record) == Array(1...5_000))
        #expect(records.map(\.line) == Array(2...5_001))
        #expect(records.filter { $0.reject?.reason == "ragged_row" }.map(\.record) == [1_000, 2_000, 3_000, 4_000, 5_000])
        #expect(records[4_998]["phone"] == "054999")
        #expect(failure?.line == 5_002)
        #expect(throws: InputError.self) { _ = try reader.next() }
    }

    @Test("without a header, columns are named by position, and a wider row later names its new ones")
    func headerless() throws {
        var text = ""
        for index in 1...3_000 { text += "\(index),05\(index)\n" }
        text += "x,y,z\n"
        let (records, _) = try readAll(try temporaryFile(text), options: ReadOptions(header: false))
        #expect(records.count == 3_001)
        #expect(records[0].fields.map(\.name) == ["column_1", "column_2"])
        #expect(records[2_999]["column_2"] == "053000")
        #expect(records[3_000].fields.map(\.name) == ["column_1", "column_2", "column_3"])
        #expect(records[3_000]["column_3"] == "z")
    }

    @Test("a reader dropped halfway lets its parsing thread go")
    func droppedHalfway() throws {
        var text = "p\n"
        for index in 1...50_000 { text += "\(index)\n" }
        let path = try temporaryFile(text)
        for _ in 0..<30 {
            let opened = try InputOpener.open(path: path, options: ReadOptions())
            #expect(try opened.reader.next()?["p"] == "1")
        }
        #expect(threadsLeft(named: "csv-parse", atMost: 5) <= 5)
    }

    @Test("a row of more fields than any export, or longer than sixteen fields at the limit, is refused; the next row is read")
    func recordLimits() throws {
        let commas = String(repeating: ",", count: RecordLimits.fields + 5)
        let wide = try readAll(try temporaryFile("a,b\n1,2\n\(commas)\n3,4\n"))
        #expect(wide.records.map { $0.reject?.reason } == [nil, "too_many_fields", nil])
        #expect(wide.records[2]["a"] == "3")
        let header = (1...20).map { "c\($0)" }.joined(separator: ",")
        let long = (1...20).map { _ in String(repeating: "x", count: 99) }.joined(separator: ",")
        let options = ReadOptions(maxFieldBytes: 100)
        let (records, _) = try readAll(
            try temporaryFile("\(header)\n\(long)\n1\(String(repeating: ",1", count: 19))\n"), options: options)
        #expect(records.map { $0.reject?.reason } == ["record_too_large", nil])
        #expect(records[0].line == 2)
        #expect(records[1]["c20"] == "1")
    }
}
