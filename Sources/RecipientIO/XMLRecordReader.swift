import CLibXML2

/// Streams records out of XML through libxml2's SAX2 push parser, fed from our
/// own size-capped byte source (libxml2's file reader would gunzip silently).
/// SAX rather than `xmlTextReader`: the reader builds and frees a node for every
/// element and text, which alone took longer than the whole budget for a million
/// records here (docs/architecture.md, "XML").
///
/// Hardened: network access off, no entity substitution, no DTD loading, an
/// external entity loader that refuses everything, and a document that declares
/// entities is refused before any of them can expand. Records come out in
/// document order; memory holds one input chunk's records at most.
public final class XMLRecordReader: RecordReader {
    /// What the C callbacks reach through their context pointer.
    final class Context {
        let source: any ByteSource
        let builder: XMLRecordBuilder
        var parser: xmlParserCtxtPtr?
        var readError: (any Error)?
        var parseMessage: String?
        var parseLine: Int?
        private var scanned = 0
        private var tail: [UInt8] = []

        init(source: any ByteSource, builder: XMLRecordBuilder) {
            self.source = source
            self.builder = builder
        }

        static let marker = Array("<!ENTITY".utf8)
        static let scanLimit = 4 << 20

        /// Entity declarations are refused before libxml2 parses them, so
        /// neither expansion nor its own loop detection ever runs on them.
        func screen(_ bytes: UnsafeRawBufferPointer) throws {
            guard self.scanned < Self.scanLimit else { return }
            let window = self.tail + Array(bytes)
            self.scanned += bytes.count
            let marker = Self.marker
            if window.count >= marker.count {
                for start in 0...(window.count - marker.count) where window[start] == 0x3C {
                    if window[start..<start + marker.count].elementsEqual(marker) {
                        throw XMLRecordReader.entityDeclaration(self.builder.file, line: nil)
                    }
                }
            }
            self.tail = Array(window.suffix(marker.count - 1))
        }

        /// Stops the parser at the first problem; the reader reports it after the records before it.
        func stop(_ error: InputError) {
            if self.builder.failure == nil { self.builder.failure = error }
            if let parser = self.parser { xmlStopParser(parser) }
        }
    }

    private let name: String
    private let context: Context
    private let unmanaged: Unmanaged<Context>
    private var handler = xmlSAXHandler()
    private var parser: xmlParserCtxtPtr?
    private var chunk = [CChar](repeating: 0, count: 1 << 16)
    private var finished = false

    public init(source: any ByteSource, name: String, record: String?, maxFieldBytes: Int) throws {
        Self.installEntityLoader
        self.name = name
        let recordName = (record == nil || record == "auto" || record?.isEmpty == true) ? nil : record
        self.context = Context(source: source, builder: XMLRecordBuilder(file: name, record: recordName, maxFieldBytes: maxFieldBytes))
        self.unmanaged = Unmanaged.passRetained(self.context)
        XMLSAXEvents.install(in: &self.handler)
        // The first bytes go in at creation, so libxml2 detects the encoding from them.
        let first = try self.fill()
        let parser = self.chunk.withUnsafeBufferPointer {
            xmlCreatePushParserCtxt(&self.handler, self.unmanaged.toOpaque(), $0.baseAddress, Int32(first), nil)
        }
        guard let parser else {
            self.unmanaged.release()
            throw InputError(file: name, message: "libxml2 could not start reading the XML")
        }
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        self.parser = parser
        self.context.parser = parser
        if first == 0 { self.finish() }
    }

    deinit {
        if let parser = self.parser {
            xmlFreeParserCtxt(parser)
        }
        self.unmanaged.release()
    }

    private static let installEntityLoader: Void = {
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func entityDeclaration(_ file: String, line: Int?) -> InputError {
        InputError(file: file, line: line,
                   message: "the XML declares entities in its DOCTYPE, which exports never need and attacks use",
                   hint: "remove the <!DOCTYPE …> declarations and try again")
    }

    /// One record as the reader holds it, its fields as bytes until the next call:
    /// for writers that need no `String` per field (ingest writes them straight out).
    public struct Row {
        public let record: Int
        public let line: Int
        public let reject: RecordReject?
        let first: Int
        public let count: Int
    }

    public func nextRow() throws -> Row? {
        let builder = self.context.builder
        while true {
            if let row = builder.take() {
                return Row(record: row.record, line: row.line, reject: row.reject, first: row.first, count: row.count)
            }
            if let failure = builder.failure { throw failure }
            if self.finished { return nil }
            try self.feed()
        }
    }

    /// The fields of `row` (the one `nextRow()` returned last), at once: each
    /// field's name id (see `fieldName`) and its value's range in `values`.
    public func withFields<T>(of row: Row, _ body: (_ ids: UnsafeBufferPointer<Int>, _ ranges: UnsafeBufferPointer<Range<Int>>,
                                                    _ values: UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let builder = self.context.builder
        let fields = row.first..<row.first + row.count
        return try builder.fieldPaths.withUnsafeBufferPointer { ids in
            try builder.fieldRanges.withUnsafeBufferPointer { ranges in
                try builder.values.withUnsafeBufferPointer { values in
                    try body(UnsafeBufferPointer(rebasing: ids[fields]), UnsafeBufferPointer(rebasing: ranges[fields]), values)
                }
            }
        }
    }

    /// A field's name (a dotted path, `@` for attributes) from its id; the same name has the same id throughout a file.
    public func fieldName(_ id: Int) -> String {
        self.context.builder.pathName(id)
    }

    public func next() throws -> SourceRecord? {
        guard let row = try self.nextRow() else { return nil }
        let fields = self.withFields(of: row) { ids, ranges, values in
            (0..<ids.count).map { Field(name: self.fieldName(ids[$0]), value: String(decoding: UnsafeBufferPointer(rebasing: values[ranges[$0]]), as: UTF8.self)) }
        }
        return SourceRecord(record: row.record, line: row.line, fields: fields, reject: row.reject)
    }

    /// Reads the next chunk of the stream into `chunk`: how many bytes (0 at the end).
    private func fill() throws -> Int {
        let count = try self.chunk.withUnsafeMutableBytes { try self.context.source.read(into: $0) }
        try self.chunk.withUnsafeBytes { try self.context.screen(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        return count
    }

    private func feed() throws {
        guard let parser = self.parser else { return }
        let count: Int
        do {
            count = try self.fill()
        } catch let error as InputError {
            self.context.stop(error)
            return
        }
        guard count > 0 else { return self.finish() }
        let status = self.chunk.withUnsafeBufferPointer { xmlParseChunk(parser, $0.baseAddress, Int32(count), 0) }
        if status != 0 { self.context.stop(self.parseFailure()) }
    }

    /// The end of the stream: libxml2 checks the document is complete.
    private func finish() {
        self.finished = true
        guard let parser = self.parser else { return }
        if xmlParseChunk(parser, nil, 0, 1) != 0 {
            self.context.stop(self.parseFailure())
        } else if self.context.builder.insideRecord {
            self.context.stop(InputError(file: self.name, line: nil,
                                         message: "the XML ends inside record \(self.context.builder.recordsStarted)",
                                         hint: "the file is cut off; export it again"))
        }
    }

    private func parseFailure() -> InputError {
        let line = self.context.parseLine ?? self.parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) }
        return InputError(file: self.name, line: line, message: self.context.parseMessage ?? "the XML is malformed",
                          hint: "fix the XML or export it again")
    }
}
