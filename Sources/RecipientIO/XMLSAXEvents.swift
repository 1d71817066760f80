import CLibXML2

/// The C callbacks libxml2's SAX2 parser calls, each handing its event to the
/// reader's `XMLRecordBuilder` through the context pointer; the guards every parse
/// shares are `XMLPullInput.installGuards`. Handlers left nil (external subset,
/// processing instructions, comments) are events we ignore.
enum XMLSAXEvents {
    static func install(in handler: inout xmlSAXHandler) {
        XMLPullInput.installGuards(in: &handler)
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
    }

    @inline(__always)
    private static func withContext(_ pointer: UnsafeMutableRawPointer, _ body: (XMLParsing.Context) -> Void) {
        XMLPullInput.withContext(pointer, body)
    }
}
