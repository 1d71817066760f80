/// Streams records out of XML through libxml2's SAX2 parser, fed from our
/// own size-capped byte source (libxml2's file reader would gunzip silently).
/// SAX rather than `xmlTextReader`: the reader builds and frees a node for every
/// element and text, which alone took longer than the whole budget for a million
/// records here (docs/architecture.md, "XML").
///
/// Hardened: network access off, no entity substitution, no DTD loading, an
/// external entity loader that refuses everything, and a document that declares
/// entities is refused before any of them can expand. Parsing runs on a thread
/// of its own ("xml-parse"), in batches (`BatchedRecordReader`).
public final class XMLRecordReader: BatchedRecordReader {
    public init(source: any ByteSource, name: String, record: String?, maxFieldBytes: Int) throws {
        let recordName = (record == nil || record == "auto" || record?.isEmpty == true) ? nil : record
        let builder = XMLRecordBuilder(file: name, record: recordName, maxFieldBytes: maxFieldBytes)
        nonisolated(unsafe) let parsing = try XMLParsing(source: source, builder: builder)
        super.init(thread: "xml-parse") { emit in
            parsing.run(emit: emit)
        }
    }
}
