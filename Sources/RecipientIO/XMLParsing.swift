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
    final class Context: XMLPullInput {
        let builder: XMLRecordBuilder
        /// Takes each batch; false when nobody reads any more.
        var emit: (RowBatch) -> Bool = { _ in false }

        init(source: any ByteSource, builder: XMLRecordBuilder) {
            self.builder = builder
            super.init(source: source, file: builder.file, part: nil)
        }

        /// The reader reports the first failure after the records before it.
        override func record(_ failure: InputError) {
            if self.builder.failure == nil { self.builder.failure = failure }
        }

        /// Called after each record: hands the completed ones on once enough wait.
        func recordEnded() {
            guard self.builder.pendingRows >= RowBatch.targetRows || self.builder.pendingBytes >= RowBatch.targetBytes else {
                return
            }
            if !self.emit(self.builder.drain()), let parser = self.parser { xmlStopParser(parser) }
        }
    }

    private let parse: XMLPullParser<Context>
    var context: Context { self.parse.context }
    private var parser: xmlParserCtxtPtr { self.parse.parser }

    init(source: any ByteSource, builder: XMLRecordBuilder) throws {
        self.parse = try XMLPullParser(
            Context(source: source, builder: builder), what: "the XML", install: XMLSAXEvents.install(in:))
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
                builder.failure = InputError(
                    file: builder.file, line: nil,
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
        return InputError(
            file: self.context.builder.file, line: line, message: self.context.parseMessage ?? "the XML is malformed",
            hint: "fix the XML or export it again")
    }
}
