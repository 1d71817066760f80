import Foundation
import Testing
@testable import RecipientIO

@Suite("XML")
struct XMLReaderTests {
    let shop = """
        <?xml version="1.0" encoding="UTF-8"?>
        <customers xmlns="urn:example:shop" xmlns:x="urn:x">
          <customer id="c1"><name>Rashed</name><x:mobile>0561112233</x:mobile>
            <address type="home"><city>Riyadh</city></address></customer>
          <customer id="c2"><name><![CDATA[Amal & <co>]]></name><x:mobile>0562223344</x:mobile></customer>
          <customer id="c3"><name>Zaid &amp; sons</name><x:mobile/></customer>
        </customers>
        """

    @Test("default namespace, attributes, CDATA, &amp; and nested paths")
    func shopExport() throws {
        let (records, description) = try readAll(try temporaryFile(self.shop))
        #expect(description.format == .xml)
        #expect(records.count == 3)
        #expect(records[0]["@id"] == "c1")
        #expect(records[0]["mobile"] == "0561112233")
        #expect(records[0]["address.city"] == "Riyadh")
        #expect(records[0]["address.@type"] == "home")
        #expect(records[1]["name"] == "Amal & <co>")
        #expect(records[2]["name"] == "Zaid & sons")
        #expect(records[2]["mobile"] == "")
        #expect(records.map(\.line) == [3, 5, 6])
    }

    @Test("the same document gzip'd reads the same")
    func gzipped() throws {
        let plain = try readAll(try temporaryFile(self.shop)).records
        let zipped = try readAll(try temporaryFile(try gzip(Array(self.shop.utf8)))).records
        #expect(plain == zipped)
    }

    @Test("a named record element is found at any depth")
    func namedRecord() throws {
        let text = "<export><batch><row><p>1</p></row><row><p>2</p></row></batch></export>"
        let (records, _) = try readAll(try temporaryFile(text), options: ReadOptions(record: "row"))
        #expect(records.map { $0["p"] } == ["1", "2"])
    }

    @Test("billion laughs is refused before any entity expands")
    func billionLaughs() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            text +=
                "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        text += "]>\n<lolz><row><p>&lol9;</p></row></lolz>\n"
        #expect {
            _ = try readAll(try temporaryFile(text))
        } throws: { error in
            "\(error)".contains("declares entities")
        }
    }

    @Test("an external entity never reads the file it names")
    func externalEntity() throws {
        let text =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<r><row><p>&xxe;</p></row></r>\n"
        #expect {
            _ = try readAll(try temporaryFile(text))
        } throws: { error in
            !"\(error)".contains("root:")
        }
    }

    @Test("malformed XML names its line")
    func malformed() throws {
        #expect {
            _ = try readAll(try temporaryFile("<a>\n<row><p>1</p></row>\n<row><p>2</row>\n</a>"))
        } throws: { error in
            (error as? InputError)?.line == 3
        }
    }

    @Test("lines past 65,535 are counted (libxml2 keeps node lines in 16 bits)")
    func longFile() throws {
        let text = exportXML(1...70_000) { "<row id=\"\($0)\"><p>\($0)</p></row>" }
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.count == 70_000)
        #expect(records.last?.line == 70_001)
        #expect(records.last?["@id"] == "70000")
    }

    @Test("attribute values keep their ampersands and quotes; mixed content keeps its own text")
    func attributeEscapes() throws {
        let text = "<r><row a=\"x &amp; y &#38; z &lt;&quot;\" b='&#x41;'><p>one<i>two</i>three</p></row></r>"
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.first?["@a"] == "x & y & z <\"")
        #expect(records.first?["@b"] == "A")
        #expect(records.first?["p"] == "onethree")
        #expect(records.first?["p.i"] == "two")
    }

    @Test("a repeated child keeps its first place and its last value, in every record of a long file")
    func repeatedChild() throws {
        let text = exportXML(1...3_000) { "<row><a>\($0)</a><b>first</b><a>last\($0)</a><c/></row>" }
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.count == 3_000)
        #expect(records.allSatisfy { $0.fields.map(\.name) == ["a", "b", "c"] })
        #expect(records.enumerated().allSatisfy { $0.element["a"] == "last\($0.offset + 1)" })
    }

    @Test("thousands of distinct names in one record all keep their values, in document order")
    func manyNames() throws {
        let names = (0..<5_000).map { "f\($0)" }
        let text = "<r><row>" + names.map { "<\($0) k=\"\($0)\">v\($0)</\($0)>" }.joined() + "</row><row><f7>x</f7></row></r>"
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.count == 2)
        #expect(records[0].fields.count == 10_000)
        #expect(records[0].fields.map(\.name) == names.flatMap { [$0 + ".@k", $0] })
        #expect(records[0]["f4999"] == "vf4999")
        #expect(records[1]["f7"] == "x")
    }

    @Test("past the limit of distinct names a record is refused, and the rest of the file is read")
    func tooManyNames() throws {
        let wide = (0...XMLPathTable.limit).map { "<n\($0)/>" }.joined()
        let text = exportXML(1...3) { $0 == 2 ? "<row>\(wide)</row>" : "<row><p>\($0)</p></row>" }
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.count == 3)
        #expect(records[1].reject?.reason == "too_many_fields")
        #expect(records[1].fields.isEmpty)
        #expect(records[2]["p"] == "3")
        #expect(records[2].line == 4)
    }

    @Test("a record whose values pass sixteen fields at the limit is refused, even as one name repeated; the next is read")
    func recordTooLarge() throws {
        let value = String(repeating: "x", count: 99)
        let text = exportXML(1...3) {
            $0 == 2 ? "<row>" + String(repeating: "<p>\(value)</p>", count: 20) + "</row>" : "<row><p>\($0)</p></row>"
        }
        let (records, _) = try readAll(try temporaryFile(text), options: ReadOptions(maxFieldBytes: 100))
        #expect(records.map { $0.reject?.reason } == [nil, "record_too_large", nil])
        #expect(records[1].line == 3)
        #expect(records[2]["p"] == "3")
    }

    @Test("element text is trimmed of Unicode white space, not of what merely is not ASCII")
    func trimming() throws {
        let text = "<r><row><a>\u{00A0}نورة\u{3000}</a><b> ٠٥٠١ </b><c>\u{2003}</c><d>x\u{00A0}y</d><e>é</e></row></r>"
        let (records, _) = try readAll(try temporaryFile(text))
        #expect(records.first?["a"] == "نورة")
        #expect(records.first?["b"] == "٠٥٠١")
        #expect(records.first?["c"] == "")
        #expect(records.first?["d"] == "x\u{00A0}y")
        #expect(records.first?["e"] == "é")
    }

    @Test("records before a malformed spot come out first, then the error, and again on the next call")
    func errorAfterRecords() throws {
        let text = exportXML(1...5_001) { $0 <= 5_000 ? "<row><p>\($0)</p></row>" : "<row><p>broken</row>" }
        let (records, failure, reader) = try readUntilFailure(try temporaryFile(text))
        #expect(records.count == 5_000)
        #expect(failure?.line == 5_002)
        #expect(throws: InputError.self) { _ = try reader.next() }
    }

    @Test("a gzip XML cut off halfway gives its whole records, then the gzip's own error, not an XML one")
    func truncatedGzip() throws {
        let text = exportXML(1...50_000) { "<row id=\"\($0)\"><p>\($0 % 977)</p></row>" }
        let whole = try gzip(Array(text.utf8))
        let (records, failure, _) = try readUntilFailure(try temporaryFile(Array(whole.prefix(whole.count / 2))))
        let ids = records.map { $0["@id"] ?? "" }
        #expect(ids.count > 1_000 && ids.count < 50_000)
        #expect(ids == (1...ids.count).map(String.init))
        #expect(failure?.message.contains("gzip data is truncated") == true)
    }

    @Test("a reader dropped halfway lets its parsing thread go")
    func droppedHalfway() throws {
        let path = try temporaryFile(exportXML(1...20_000) { "<row><p>\($0)</p></row>" })
        for _ in 0..<30 {
            let opened = try InputOpener.open(path: path, options: ReadOptions())
            #expect(try opened.reader.next()?["p"] == "1")
        }
        // Each dropped reader's thread ends once woken; 30 left running would show here
        // (other tests reading XML at the same moment may hold a few).
        #expect(threadsLeft(named: "xml-parse", atMost: 5) <= 5)
    }
}
