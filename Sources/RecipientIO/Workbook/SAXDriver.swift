import CLibXML2

/// Parses one XML part of a workbook with libxml2's SAX2 parser, pulling from
/// a byte source and handing events to a `SAXHandler`, with the guards the
/// record XML reader has: network off, no entity substitution, an external
/// loader that loads nothing, and a part that declares entities refused
/// before libxml2 sees the declaration.
final class SAXDriver {
    final class Context: XMLPullInput {
        let handler: any SAXHandler
        var failure: InputError?

        init(source: any ByteSource, handler: any SAXHandler, file: String, part: String) {
            self.handler = handler
            super.init(source: source, file: file, part: part)
        }

        /// `run` reports the first failure.
        override func record(_ failure: InputError) {
            if self.failure == nil { self.failure = failure }
        }

        @inline(__always)
        func checkDone() {
            if self.handler.done, let parser = self.parser { xmlStopParser(parser) }
        }
    }

    private let parse: XMLPullParser<Context>
    private var context: Context { self.parse.context }
    private var parser: xmlParserCtxtPtr { self.parse.parser }

    init(source: any ByteSource, handler: any SAXHandler, file: String, part: String) throws {
        self.parse = try XMLPullParser(
            Context(source: source, handler: handler, file: file, part: part),
            what: "the workbook's part \(part)", install: SAXDriver.install(in:))
    }

    /// Parses the part to its end, or until the handler is done; throws what stopped it.
    func run() throws {
        let status = xmlParseDocument(self.parser)
        if let failure = self.context.failure { throw failure }
        if self.context.handler.done { return }
        if status != 0 || self.parser.pointee.wellFormed == 0 {
            let line = self.context.parseLine ?? Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer(self.parser)))
            throw InputError(
                file: self.context.file,
                message:
                    "the workbook's part \(self.context.part ?? "") is malformed at its line \(line): \(self.context.parseMessage ?? "not well-formed XML")",
                hint: "save the workbook again from Excel or LibreOffice, or export it as .csv")
        }
    }

    private static func install(in handler: inout xmlSAXHandler) {
        XMLPullInput.installGuards(in: &handler)
        handler.startElementNs = { context, localName, _, uri, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            SAXDriver.withContext(context) { box in
                box.handler.start(
                    SAXName(local: localName, uri: uri), SAXAttributes(pointers: attributes, count: Int(attributeCount)))
                box.checkDone()
            }
        }
        handler.endElementNs = { context, localName, _, uri in
            guard let context, let localName else { return }
            SAXDriver.withContext(context) { box in
                box.handler.end(SAXName(local: localName, uri: uri))
                box.checkDone()
            }
        }
        let text: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            SAXDriver.withContext(context) { $0.handler.characters(UnsafeBufferPointer(start: bytes, count: Int(count))) }
        }
        handler.characters = text
        handler.cdataBlock = text
        handler.ignorableWhitespace = text
    }

    @inline(__always)
    private static func withContext(_ pointer: UnsafeMutableRawPointer, _ body: (Context) -> Void) {
        XMLPullInput.withContext(pointer, body)
    }
}
