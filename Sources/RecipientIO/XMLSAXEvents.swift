import CLibXML2

/// The C callbacks libxml2's SAX2 parser calls, each handing its event to the
/// reader's `XMLRecordBuilder` through the context pointer. Handlers left nil
/// (external subset, processing instructions, comments) are events we ignore.
enum XMLSAXEvents {
    static func install(in handler: inout xmlSAXHandler) {
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            Self.withContext(context) { box in
                box.builder.startElement(localName, attributes: attributes, count: Int(attributeCount)) {
                    box.parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
                }
            }
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            Self.withContext(context) { box in
                if box.builder.endElement() { box.recordEnded() }
            }
        }
        let text: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            Self.withContext(context) { $0.builder.characters(UnsafeBufferPointer(start: bytes, count: Int(count))) }
        }
        handler.characters = text
        handler.ignorableWhitespace = text
        handler.cdataBlock = text
        handler.entityDecl = { context, _, _, _, _, _ in
            guard let context else { return }
            let box = Self.context(context)
            let line = box.parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) }
            box.stop(EntityScreen.declared(box.builder.file, line: line))
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            Self.context(context).take(error)
        }
    }

    /// The context without a retain and release per event (millions of them); the
    /// reader keeps it alive while its parser runs.
    private static func withContext(_ pointer: UnsafeMutableRawPointer, _ body: (XMLParsing.Context) -> Void) {
        Unmanaged<XMLParsing.Context>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    private static func context(_ pointer: UnsafeMutableRawPointer) -> XMLParsing.Context {
        Unmanaged<XMLParsing.Context>.fromOpaque(pointer).takeUnretainedValue()
    }
}
