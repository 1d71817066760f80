import Foundation
import Testing
@testable import RecipientIO

@Suite("gzip")
struct GzipTests {
    @Test("a gzip file named .csv is detected from its bytes")
    func detectedByMagic() throws {
        let path = try temporaryFile(try gzip(Array("a,b\n1,2\n".utf8)), suffix: ".csv")
        let (records, description) = try readAll(path)
        #expect(description.compression == "gzip")
        #expect(records[0]["b"] == "2")
    }

    @Test("two concatenated members are read whole")
    func multiMember() throws {
        let first = try gzip(Array("{\"p\":\"1\"}\n".utf8))
        let second = try gzip(Array("{\"p\":\"2\"}\n".utf8))
        let (records, description) = try readAll(try temporaryFile(first + second))
        #expect(description.format == .ndjson)
        #expect(records.map { $0["p"] } == ["1", "2"])
    }

    @Test("a truncated stream is an error, not a short file")
    func truncated() throws {
        let whole = try gzip(Array(String(repeating: "a,b\n1,2\n", count: 1000).utf8))
        let path = try temporaryFile(Array(whole.prefix(whole.count / 2)))
        #expect(throws: InputError.self) { _ = try readAll(path) }
    }

    @Test("trailing garbage after the last member is an error")
    func trailingGarbage() throws {
        let path = try temporaryFile(try gzip(Array("a\n1\n".utf8)) + Array("junk".utf8))
        #expect(throws: InputError.self) { _ = try readAll(path) }
    }

    @Test("a gzip bomb stops at the expansion guard")
    func bomb() throws {
        let zeros = [UInt8](repeating: 0x30, count: 64 << 20)
        let path = try temporaryFile(try gzip(zeros))
        #expect {
            _ = try readAll(path)
        } throws: { error in
            "\(error)".contains("gzip bomb guard")
        }
    }
}
