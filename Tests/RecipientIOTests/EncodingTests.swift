import Testing
@testable import RecipientIO

@Suite("Encodings")
struct EncodingTests {
    @Test("UTF-16LE with BOM, tab-separated (Excel's Unicode text)")
    func utf16le() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "الاسم\tجوال\r\nسارة\t0501\r\n".utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let (records, description) = try readAll(try temporaryFile(bytes))
        #expect(description.encoding == .utf16le)
        #expect(description.format == .tsv)
        #expect(records.count == 1)
        #expect(records[0]["الاسم"] == "سارة")
    }

    @Test("Windows-1256 with semicolons and CRLF, declared")
    func windows1256() throws {
        // "سارة" in Windows-1256 is D3 C7 D1 C9.
        let bytes: [UInt8] = Array("name;phone\r\n".utf8) + [0xD3, 0xC7, 0xD1, 0xC9] + Array(";0501\r\n".utf8)
        let (records, description) = try readAll(try temporaryFile(bytes), options: ReadOptions(encoding: .windows1256))
        #expect(description.delimiter == ";")
        #expect(records[0]["name"] == "سارة")
    }

    @Test("a UTF-8 BOM is dropped from the first header")
    func utf8BOM() throws {
        let (records, _) = try readAll(try temporaryFile([0xEF, 0xBB, 0xBF] + Array("phone\n1\n".utf8)))
        #expect(records[0]["phone"] == "1")
    }
}
