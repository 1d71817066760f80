import CLibXML2

/// libxml2's push parser and what its callbacks reach, driven chunk by chunk on
/// the parsing thread of an `XMLRecordReader`. Only that thread touches it once
/// it runs; records leave it as `XMLBatch`es.
final class XMLParsing {
    /// What the C callbacks reach through their context pointer.
    final class Context {
        let source: any ByteSource
        let builder: XMLRecordBuilder
        var parser: xmlParserCtxtPtr?
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
                        throw XMLParsing.entityDeclaration(self.builder.file, line: nil)
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

    let context: Context
    private let unmanaged: Unmanaged<Context>
    private var handler = xmlSAXHandler()
    private var parser: xmlParserCtxtPtr?
    private var chunk = [CChar](repeating: 0, count: 1 << 16)
    private var finished = false

    init(source: any ByteSource, builder: XMLRecordBuilder) throws {
        Self.installEntityLoader
        self.context = Context(source: source, builder: builder)
        self.unmanaged = Unmanaged.passRetained(self.context)
        XMLSAXEvents.install(in: &self.handler)
        // The first bytes go in at creation, so libxml2 detects the encoding from them.
        let first = try self.fill()
        let parser = self.chunk.withUnsafeBufferPointer {
            xmlCreatePushParserCtxt(&self.handler, self.unmanaged.toOpaque(), $0.baseAddress, Int32(first), nil)
        }
        guard let parser else {
            // deinit runs for a fully initialised object whose init throws, and releases the context.
            throw InputError(file: builder.file, message: "libxml2 could not start reading the XML")
        }
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        self.parser = parser
        self.context.parser = parser
        if first == 0 { self.finish() }
    }

    deinit {
        if let parser = self.parser { xmlFreeParserCtxt(parser) }
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

    /// Parses the next chunk of input; the records it completed, and, when the file
    /// ended or failed, that as well (`last`).
    func step() -> XMLBatch {
        if !self.finished && self.context.builder.failure == nil { self.feed() }
        var batch = self.context.builder.drain()
        if self.finished || self.context.builder.failure != nil {
            batch.failure = self.context.builder.failure
            batch.last = true
        }
        return batch
    }

    /// Reads the next chunk of the stream into `chunk`: how many bytes (0 at the end).
    private func fill() throws -> Int {
        let count = try self.chunk.withUnsafeMutableBytes { try self.context.source.read(into: $0) }
        try self.chunk.withUnsafeBytes { try self.context.screen(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        return count
    }

    private func feed() {
        guard let parser = self.parser else { return }
        let count: Int
        do {
            count = try self.fill()
        } catch let error as InputError {
            return self.context.stop(error)
        } catch {
            return self.context.stop(InputError(file: self.context.builder.file, message: "\(error)"))
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
            self.context.stop(InputError(file: self.context.builder.file, line: nil,
                                         message: "the XML ends inside record \(self.context.builder.recordsStarted)",
                                         hint: "the file is cut off; export it again"))
        }
    }

    private func parseFailure() -> InputError {
        let line = self.context.parseLine ?? self.parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) }
        return InputError(file: self.context.builder.file, line: line, message: self.context.parseMessage ?? "the XML is malformed",
                          hint: "fix the XML or export it again")
    }
}
