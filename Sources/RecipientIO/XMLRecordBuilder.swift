import CLibXML2

/// Turns libxml2's SAX events into records: a record is the element named by
/// `record` (auto: each child of the root); its fields are child text by local
/// name (namespaces ignored), attributes as `@name`, nested elements as dotted
/// paths; a repeated child keeps the last value. Names come from the parser's
/// dictionary, so each distinct name and path is made into a `String` once.
final class XMLRecordBuilder {
    private struct Open {
        var path: Int
        var text: [UInt8] = []
        var hadChild = false
        var tooLarge = false
    }

    /// A known child name of a path: libxml2's interned name pointer and the path it makes.
    private struct Child {
        var name: UnsafeRawPointer
        var attribute: Bool
        var path: Int
    }

    let file: String
    private let recordName: [UInt8]?
    private let maxFieldBytes: Int
    /// Completed records, oldest first, from `head` on.
    private(set) var ready: [SourceRecord] = []
    private var head = 0
    var failure: InputError?

    private var depth = 0
    private var recordDepth: Int?
    private var recordCount = 0
    private var recordLine = 0
    private var fields: [Field] = []
    private var reject: RecordReject?
    private var stack: [Open] = []
    private var open = 0
    private var paths: [String] = []
    /// Children seen under each path (index 0: the record itself), searched in a short
    /// list: a file repeats the same few names, and hashing them cost more.
    private var children: [[Child]] = [[]]
    /// Per path: the record whose fields last got it, and where.
    private var slotRecord: [Int] = []
    private var slot: [Int] = []

    init(file: String, record: String?, maxFieldBytes: Int) {
        self.file = file
        self.recordName = record.map { Array($0.utf8) }
        self.maxFieldBytes = maxFieldBytes
    }

    /// The oldest completed record not yet taken.
    func take() -> SourceRecord? {
        guard self.head < self.ready.count else { return nil }
        let record = self.ready[self.head]
        self.head += 1
        if self.head == self.ready.count {
            self.ready.removeAll(keepingCapacity: true)
            self.head = 0
        }
        return record
    }

    var insideRecord: Bool { self.recordDepth != nil }
    var recordsStarted: Int { self.recordCount }

    func startElement(_ localName: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                      count: Int, line: Int) {
        let depth = self.depth
        self.depth += 1
        guard self.recordDepth != nil else {
            let isRecord = self.recordName.map { Self.equals(localName, $0) } ?? (depth == 1)
            guard isRecord else { return }
            self.recordDepth = depth
            self.recordCount += 1
            self.recordLine = line
            self.fields = []
            self.reject = nil
            self.open = 0
            self.attributes(attributes, count: count, of: -1)
            return
        }
        let parent = self.open > 0 ? self.stack[self.open - 1].path : -1
        if self.open > 0 { self.stack[self.open - 1].hadChild = true }
        let path = self.path(parent: parent, name: localName, attribute: false)
        self.attributes(attributes, count: count, of: path)
        if self.open == self.stack.count { self.stack.append(Open(path: path)) }
        self.stack[self.open].path = path
        self.stack[self.open].text.removeAll(keepingCapacity: true)
        self.stack[self.open].hadChild = false
        self.stack[self.open].tooLarge = false
        self.open += 1
    }

    func endElement() {
        self.depth -= 1
        guard let recordDepth = self.recordDepth else { return }
        if self.depth == recordDepth {
            if self.reject != nil { self.fields = [] }
            self.ready.append(SourceRecord(record: self.recordCount, line: self.recordLine, fields: self.fields, reject: self.reject))
            self.recordDepth = nil
            return
        }
        guard self.open > 0 else { return }
        self.open -= 1
        let top = self.open
        if !self.stack[top].hadChild || !self.stack[top].text.isEmpty {
            self.set(self.stack[top].path, Self.trimmed(self.stack[top].text))
        }
    }

    /// Text, CDATA and white space inside the innermost open element of a record.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.recordDepth != nil, self.open > 0 else { return }
        let top = self.open - 1
        if self.stack[top].tooLarge { return }
        if self.stack[top].text.count + bytes.count > self.maxFieldBytes {
            self.stack[top].tooLarge = true
            self.stack[top].text.removeAll()
            if self.reject == nil {
                self.reject = RecordReject(reason: "field_too_large",
                                           message: "element \(self.paths[self.stack[top].path]) is longer than \(self.maxFieldBytes) bytes")
            }
            return
        }
        self.stack[top].text.append(contentsOf: bytes)
    }

    /// SAX2 gives each attribute as five pointers: local name, prefix, URI, value start, value end.
    private func attributes(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int, of parent: Int) {
        guard let attributes, count > 0 else { return }
        for index in 0..<count {
            guard let name = attributes[index * 5], let start = attributes[index * 5 + 3],
                  let end = attributes[index * 5 + 4] else { continue }
            let key = self.path(parent: parent, name: name, attribute: true)
            self.set(key, Self.attributeValue(UnsafeBufferPointer(start: start, count: start.distance(to: end))))
        }
    }

    /// Without entity substitution, libxml2 hands an attribute's `&` (written `&amp;`
    /// or `&#38;`) on as `&#38;`, for the tree builder to decode; no other reference
    /// can remain (undeclared ones are errors, declared ones are refused).
    static func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(UInt8(ascii: "&")) else { return text }
        return text.replacing("&#38;", with: "&")
    }

    private func path(parent: Int, name: UnsafePointer<xmlChar>, attribute: Bool) -> Int {
        let raw = UnsafeRawPointer(name)
        for child in self.children[parent + 1] where child.name == raw && child.attribute == attribute {
            return child.path
        }
        let local = String(cString: name)
        let path: String
        switch (parent, attribute) {
        case (-1, false): path = local
        case (-1, true): path = "@" + local
        case (_, false): path = self.paths[parent] + "." + local
        case (_, true): path = self.paths[parent] + ".@" + local
        }
        // Distinct paths from distinct names are distinct strings, except where a
        // name holds a dot; the field list is keyed by the string, as before.
        let index = self.paths.firstIndex(of: path) ?? {
            self.paths.append(path)
            self.children.append([])
            self.slotRecord.append(0)
            self.slot.append(0)
            return self.paths.count - 1
        }()
        self.children[parent + 1].append(Child(name: raw, attribute: attribute, path: index))
        return index
    }

    private func set(_ path: Int, _ value: String) {
        if self.slotRecord[path] == self.recordCount {
            self.fields[self.slot[path]].value = value
        } else {
            self.slotRecord[path] = self.recordCount
            self.slot[path] = self.fields.count
            self.fields.append(Field(name: self.paths[path], value: value))
        }
    }

    /// Element text without the white space around it; ASCII ends are decided on bytes.
    private static func trimmed(_ bytes: [UInt8]) -> String {
        guard let first = bytes.first, let last = bytes.last else { return "" }
        if first < 0x80 && last < 0x80 && !Self.isSpace(first) && !Self.isSpace(last) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self).trimmedFast
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    private static func equals(_ name: UnsafePointer<xmlChar>, _ bytes: [UInt8]) -> Bool {
        var index = 0
        while name[index] != 0 {
            if index >= bytes.count || name[index] != bytes[index] { return false }
            index += 1
        }
        return index == bytes.count
    }
}
