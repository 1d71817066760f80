import CLibXML2

/// What every libxml2 parse of ours shares, the records reader's and each
/// workbook part's: the bytes libxml2 pulls through its read callback, screened
/// for entity declarations on the way (`EntityScreen`), the parser made with
/// network access off, and libxml2's structured errors kept (the first one's
/// message and line) or, for an undeclared entity, made a stop. A subclass is
/// the context its SAX callbacks reach, and says where a failure goes.
class XMLPullInput {
    let source: any ByteSource
    let file: String
    /// The workbook part being parsed, for messages; nil for a whole XML input.
    let part: String?
    var parser: xmlParserCtxtPtr?
    var parseMessage: String?
    var parseLine: Int?
    private var screen = EntityScreen()

    init(source: any ByteSource, file: String, part: String?) {
        self.source = source
        self.file = file
        self.part = part
    }

    /// Keeps the first failure where the subclass reports it from.
    func record(_ failure: InputError) {}

    /// Stops the parser at the first problem.
    func stop(_ error: InputError) {
        self.record(error)
        if let parser = self.parser { xmlStopParser(parser) }
    }

    /// libxml2's read callback: the next bytes of the stream, 0 at its end, -1 on failure.
    /// It must not stop the parser itself: halting frees the very input buffer
    /// libxml2 is filling here. Given -1, libxml2 ends the document on its own.
    final func read(into buffer: UnsafeMutableRawBufferPointer) -> Int32 {
        do {
            let count = try self.source.read(into: buffer)
            try self.screen.screen(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), file: self.file, part: self.part)
            return Int32(count)
        } catch let error as InputError {
            self.record(error)
        } catch {
            self.record(InputError(file: self.file, message: "\(error)"))
        }
        return -1
    }

    /// libxml2's structured error: an undeclared entity stops the parse; of the rest, the first error is kept.
    final func take(_ error: UnsafePointer<xmlError>) {
        let code = Int(error.pointee.code)
        if code == Int(XML_ERR_UNDECLARED_ENTITY.rawValue) || code == Int(XML_WAR_UNDECLARED_ENTITY.rawValue) {
            self.stop(EntityScreen.undeclared(self.file, line: Int(error.pointee.line)))
            return
        }
        guard self.parseMessage == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        if let message = error.pointee.message { self.parseMessage = String(cString: message).trimmedFast }
        self.parseLine = Int(error.pointee.line)
    }

    /// A pull parser reading through `input` and calling `handler`'s callbacks with `input` as their context.
    /// Nothing is read here: libxml2 detects the encoding from the first bytes once it runs.
    static func makeParser(_ handler: inout xmlSAXHandler, for input: XMLPullInput, what: String) throws -> xmlParserCtxtPtr {
        EntityScreen.refuseExternalLoads
        let opaque = Unmanaged.passUnretained(input).toOpaque()
        let read: xmlInputReadCallback = { context, buffer, length in
            guard let context, let buffer, length > 0 else { return -1 }
            return Unmanaged<XMLPullInput>.fromOpaque(context).takeUnretainedValue()
                .read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
        }
        guard let parser = xmlCreateIOParserCtxt(&handler, opaque, read, nil, opaque, XML_CHAR_ENCODING_NONE) else {
            throw InputError(file: input.file, message: "libxml2 could not start reading \(what)")
        }
        xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        input.parser = parser
        return parser
    }
}

/// Owns one libxml2 pull parse: the context its callbacks reach (retained while
/// the parser lives), the callbacks `install` sets, and the parser itself.
final class XMLPullParser<Context: XMLPullInput> {
    let context: Context
    let parser: xmlParserCtxtPtr
    private let unmanaged: Unmanaged<Context>
    private var handler = xmlSAXHandler()

    init(_ context: Context, what: String, install: (inout xmlSAXHandler) -> Void) throws {
        self.context = context
        self.unmanaged = Unmanaged.passRetained(context)
        install(&self.handler)
        do {
            self.parser = try XMLPullInput.makeParser(&self.handler, for: context, what: what)
        } catch {
            self.unmanaged.release()
            throw error
        }
    }

    deinit {
        xmlFreeParserCtxt(self.parser)
        self.unmanaged.release()
    }
}

extension XMLPullInput {
    /// What every parse of ours installs before its own element and text callbacks: SAX2, an
    /// entity declaration stopping the parse (named with its line in a whole XML input), and libxml2's errors taken by
    /// `take`. One place, so the records reader and the workbook parts cannot drift apart on a guard.
    static func installGuards(in handler: inout xmlSAXHandler) {
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.entityDecl = { context, _, _, _, _, _ in
            guard let context else { return }
            XMLPullInput.withContext(context) { box in
                // A workbook part's line is not a line of the file the person dropped: named by its part only.
                let line = box.part == nil ? box.parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } : nil
                box.stop(EntityScreen.declared(box.file, line: line, part: box.part))
            }
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            XMLPullInput.withContext(context) { $0.take(error) }
        }
    }

    /// The context a callback reaches, without a retain and release per event (millions of them);
    /// the parser's owner keeps it alive while the parser runs.
    @inline(__always)
    static func withContext<Context: XMLPullInput>(_ pointer: UnsafeMutableRawPointer, _ body: (Context) -> Void) {
        Unmanaged<Context>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }
}
