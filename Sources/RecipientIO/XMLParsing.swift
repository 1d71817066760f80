import CLibXML2

/// libxml2's SAX2 parser pulling from our byte source, run once on the parsing
/// thread of an `XMLRecordReader`. Only that thread touches it once it runs;
/// records leave it as `RowBatch`es handed to `emit` between records.
///
/// Pull (`xmlCreateIOParserCtxt`), not push: the push parser re-checks its
/// buffer for complete markup at every chunk, roughly a tenth of libxml2's own
/// time on the bench file without gunzip (docs/benchmarks.md, "Why SAX").
final class XMLParsing {
    /// What the C callbacks reach through their context pointer.
    final class Context {
        let source: any ByteSource
        let builder: XMLRecordBuilder
        var parser: xmlParserCtxtPtr?
        var parseMessage: String?
        var parseLine: Int?
        /// Takes each batch; false when nobody reads any more.
        var emit: (RowBatch) -> Bool = { _ in false }
        private var screen = EntityScreen()

        init(source: any ByteSource, builder: XMLRecordBuilder) {
            self.source = source
            self.builder = builder
        }

        /// libxml2's read callback: the next bytes of the stream, 0 at its end, -1 on failure.
        /// It must not stop the parser itself: halting frees the very input buffer
        /// libxml2 is filling here. Given -1, libxml2 ends the document on its own.
        func read(into buffer: UnsafeMutableRawBufferPointer) -> Int32 {
            do {
                let count = try self.source.read(into: buffer)
                try self.screen.screen(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), file: self.builder.file)
                return Int32(count)
            } catch let error as InputError {
                if self.builder.failure == nil { self.builder.failure = error }
            } catch {
                if self.builder.failure == nil { self.builder.failure = InputError(file: self.builder.file, message: "\(error)") }
            }
            return -1
        }

        /// Called after each record: hands the completed ones on once enough wait.
        func recordEnded() {
            guard self.builder.pendingRows >= RowBatch.targetRows || self.builder.pendingBytes >= RowBatch.targetBytes else { return }
            if !self.emit(self.builder.drain()), let parser = self.parser { xmlStopParser(parser) }
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
    private let parser: xmlParserCtxtPtr

    init(source: any ByteSource, builder: XMLRecordBuilder) throws {
        EntityScreen.refuseExternalLoads
        self.context = Context(source: source, builder: builder)
        self.unmanaged = Unmanaged.passRetained(self.context)
        XMLSAXEvents.install(in: &self.handler)
        // Nothing is read here: libxml2 detects the encoding from the first bytes once it runs.
        let opaque = self.unmanaged.toOpaque()
        let read: xmlInputReadCallback = { context, buffer, length in
            guard let context, let buffer, length > 0 else { return -1 }
            return Unmanaged<Context>.fromOpaque(context).takeUnretainedValue()
                .read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
        }
        guard let parser = xmlCreateIOParserCtxt(&self.handler, opaque, read, nil, opaque, XML_CHAR_ENCODING_NONE) else {
            self.unmanaged.release()
            throw InputError(file: builder.file, message: "libxml2 could not start reading the XML")
        }
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        self.parser = parser
        self.context.parser = parser
    }

    deinit {
        xmlFreeParserCtxt(self.parser)
        self.unmanaged.release()
    }

    /// Parses the whole document, handing records to `emit` as they complete; the
    /// last batch says how the file ended (`last`, and `failure` if it failed).
    func run(emit: (RowBatch) -> Bool) {
        let builder = self.context.builder
        // The callbacks reach `emit` only while the document is parsed, inside this call.
        let status = withoutActuallyEscaping(emit) { emit in
            self.context.emit = emit
            defer { self.context.emit = { _ in false } }
            return xmlParseDocument(self.parser)
        }
        if builder.failure == nil {
            if status != 0 || self.parser.pointee.wellFormed == 0 {
                builder.failure = self.parseFailure()
            } else if builder.insideRecord {
                builder.failure = InputError(file: builder.file, line: nil,
                                             message: "the XML ends inside record \(builder.recordsStarted)",
                                             hint: "the file is cut off; export it again")
            }
        }
        var batch = builder.drain()
        batch.failure = builder.failure
        batch.last = true
        _ = emit(batch)
    }

    private func parseFailure() -> InputError {
        let line = self.context.parseLine ?? Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(self.parser)))
        return InputError(file: self.context.builder.file, line: line, message: self.context.parseMessage ?? "the XML is malformed",
                          hint: "fix the XML or export it again")
    }
}
