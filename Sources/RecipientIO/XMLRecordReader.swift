import Foundation
import CLibXML2

/// Streams records out of XML through libxml2's `xmlTextReader`, fed from our
/// own size-capped byte source (libxml2's file reader would gunzip silently).
///
/// Hardened: network access off, no entity substitution, no DTD loading, and a
/// document that declares entities is refused before any of them can expand.
/// Fields are child text by local name (namespaces ignored), attributes as
/// `@name`, nested elements as dotted paths; a repeated child keeps the last value.
public final class XMLRecordReader: RecordReader {
    /// Owns what the C callbacks need: the stream and the first error seen.
    final class Context {
        let source: any ByteSource
        let name: String
        var readError: (any Error)?
        /// Entity declarations are refused before libxml2 parses them, so
        /// neither expansion nor its own loop detection ever runs on them.
        var scanned = 0
        var tail: [UInt8] = []
        var parseMessage: String?
        var parseLine: Int?
        init(source: any ByteSource, name: String) {
            self.source = source
            self.name = name
        }

        static let marker = Array("<!ENTITY".utf8)
        static let scanLimit = 4 << 20

        /// Looks for `<!ENTITY` in the first megabytes (declarations come before the root element).
        func screen(_ bytes: UnsafeRawBufferPointer) throws {
            guard self.scanned < Self.scanLimit else { return }
            let window = self.tail + Array(bytes)
            self.scanned += bytes.count
            let marker = Self.marker
            if window.count >= marker.count {
                for start in 0...(window.count - marker.count) where window[start] == 0x3C {
                    if window[start..<start + marker.count].elementsEqual(marker) {
                        throw InputError(file: self.name,
                                         message: "the XML declares entities in its DOCTYPE, which exports never need and attacks use",
                                         hint: "remove the <!DOCTYPE …> declarations and try again")
                    }
                }
            }
            self.tail = Array(window.suffix(marker.count - 1))
        }
    }

    private struct OpenElement {
        var path: String
        var text: String
        var hadChild: Bool
    }

    private let name: String
    private let recordName: String?
    private let maxFieldBytes: Int
    private let context: Context
    private let unmanaged: Unmanaged<Context>
    private let reader: xmlTextReaderPtr
    private var recordCount = 0
    private var checkedDoctype = false

    public init(source: any ByteSource, name: String, record: String?, maxFieldBytes: Int) throws {
        Self.installEntityLoader
        self.name = name
        self.recordName = (record == nil || record == "auto" || record?.isEmpty == true) ? nil : record
        self.maxFieldBytes = maxFieldBytes
        self.context = Context(source: source, name: name)
        self.unmanaged = Unmanaged.passRetained(self.context)
        let options = Int32(XML_PARSE_NONET.rawValue)
        guard let reader = xmlReaderForIO(xmlReadCallback, nil, self.unmanaged.toOpaque(), nil, nil, options) else {
            self.unmanaged.release()
            throw InputError(file: name, message: "libxml2 could not start reading the XML")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, xmlErrorCallback, self.unmanaged.toOpaque())
    }

    deinit {
        xmlFreeTextReader(self.reader)
        self.unmanaged.release()
    }

    /// A process-wide loader that refuses every external entity or DTD.
    private static let installEntityLoader: Void = {
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    private func failure() -> InputError {
        if let error = self.context.readError as? InputError { return error }
        if let error = self.context.readError {
            return InputError(file: self.name, message: "\(error)")
        }
        let line = self.context.parseLine ?? Int(xmlTextReaderGetParserLineNumber(self.reader))
        let message = self.context.parseMessage ?? "the XML is malformed"
        return InputError(file: self.name, line: line, message: message,
                          hint: "fix the XML or export it again")
    }

    private func read() throws -> Bool {
        let status = xmlTextReaderRead(self.reader)
        if status == 1 { return true }
        if status == 0 {
            if self.context.readError != nil { throw self.failure() }
            return false
        }
        throw self.failure()
    }

    private func refuseEntityDeclarations() throws {
        guard !self.checkedDoctype else { return }
        guard let doc = xmlTextReaderCurrentDoc(self.reader) else { return }
        self.checkedDoctype = true
        if let subset = doc.pointee.intSubset, subset.pointee.entities != nil || subset.pointee.pentities != nil {
            throw InputError(file: self.name, line: Int(xmlTextReaderGetParserLineNumber(self.reader)),
                             message: "the XML declares entities in its DOCTYPE, which exports never need and attacks use",
                             hint: "remove the <!DOCTYPE …> declarations and try again")
        }
    }

    private var localName: String {
        guard let raw = xmlTextReaderConstLocalName(self.reader) else { return "" }
        return String(cString: raw)
    }

    private var value: String {
        guard let raw = xmlTextReaderConstValue(self.reader) else { return "" }
        return String(cString: raw)
    }

    private func attributes(prefix: String, into fields: inout [Field]) {
        guard xmlTextReaderHasAttributes(self.reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(self.reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(self.reader) == 1 { continue }
            let key = prefix.isEmpty ? "@" + self.localName : prefix + ".@" + self.localName
            Self.set(key, self.value, in: &fields)
        }
        xmlTextReaderMoveToElement(self.reader)
    }

    private static func set(_ name: String, _ value: String, in fields: inout [Field]) {
        if let index = fields.firstIndex(where: { $0.name == name }) {
            fields[index].value = value
        } else {
            fields.append(Field(name: name, value: value))
        }
    }

    public func next() throws -> SourceRecord? {
        while try self.read() {
            let type = xmlTextReaderNodeType(self.reader)
            if type == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
                try self.refuseEntityDeclarations()
                continue
            }
            guard type == Int32(XML_READER_TYPE_ELEMENT.rawValue) else { continue }
            try self.refuseEntityDeclarations()
            let depth = xmlTextReaderDepth(self.reader)
            let isRecord = self.recordName.map { $0 == self.localName } ?? (depth == 1)
            if isRecord {
                return try self.readRecord(depth: depth)
            }
        }
        return nil
    }

    private func readRecord(depth recordDepth: Int32) throws -> SourceRecord {
        self.recordCount += 1
        // The node's own line: the parser's line runs ahead of the reader.
        let line = xmlTextReaderCurrentNode(self.reader).map { Int(xmlGetLineNo($0)) } ?? Int(xmlTextReaderGetParserLineNumber(self.reader))
        var fields: [Field] = []
        var reject: RecordReject?
        self.attributes(prefix: "", into: &fields)
        if xmlTextReaderIsEmptyElement(self.reader) == 1 {
            return SourceRecord(record: self.recordCount, line: line, fields: fields)
        }
        var stack: [OpenElement] = []
        while try self.read() {
            let type = xmlTextReaderNodeType(self.reader)
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = self.localName
                if !stack.isEmpty { stack[stack.count - 1].hadChild = true }
                let path = stack.last.map { $0.path + "." + name } ?? name
                self.attributes(prefix: path, into: &fields)
                if xmlTextReaderIsEmptyElement(self.reader) == 1 {
                    Self.set(path, "", in: &fields)
                } else {
                    stack.append(OpenElement(path: path, text: "", hadChild: false))
                }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                guard !stack.isEmpty else { continue }
                stack[stack.count - 1].text += self.value
                if stack[stack.count - 1].text.utf8.count > self.maxFieldBytes, reject == nil {
                    reject = RecordReject(reason: "field_too_large",
                                          message: "element \(stack[stack.count - 1].path) is longer than \(self.maxFieldBytes) bytes")
                    stack[stack.count - 1].text = ""
                }
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                throw InputError(file: self.name, line: Int(xmlTextReaderGetParserLineNumber(self.reader)),
                                 message: "the XML uses an entity reference (&\(self.localName);) that is not declared safely",
                                 hint: "replace entities with their text")
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if xmlTextReaderDepth(self.reader) == recordDepth {
                    if reject != nil { fields = [] }
                    return SourceRecord(record: self.recordCount, line: line, fields: fields, reject: reject)
                }
                if let element = stack.popLast(), !element.hadChild || !element.text.isEmpty {
                    Self.set(element.path, element.text.trimmedFast, in: &fields)
                }
            default:
                continue
            }
        }
        throw InputError(file: self.name, line: line, message: "the XML ends inside record \(self.recordCount)",
                         hint: "the file is cut off; export it again")
    }
}

private func xmlReadCallback(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length > 0 else { return -1 }
    let box = Unmanaged<XMLRecordReader.Context>.fromOpaque(context).takeUnretainedValue()
    do {
        let target = UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))
        let n = try box.source.read(into: target)
        try box.screen(UnsafeRawBufferPointer(rebasing: target[0..<n]))
        return Int32(n)
    } catch {
        box.readError = error
        return -1
    }
}

private func xmlErrorCallback(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let box = Unmanaged<XMLRecordReader.Context>.fromOpaque(context).takeUnretainedValue()
    guard box.parseMessage == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    if let message = error.pointee.message {
        box.parseMessage = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    box.parseLine = Int(error.pointee.line)
}
