import CLibXML2

/// Turns libxml2's SAX events into records: a record is the element named by
/// `record` (auto: each child of the root); its fields are child text by local
/// name (namespaces ignored), attributes as `@name`, nested elements as dotted
/// paths; a repeated child keeps the last value. Names come from the parser's
/// dictionary, so each distinct name and path is made into a `String` once.
final class XMLRecordBuilder {
    /// An element open inside a record; its own text is `text[textStart...]` (a
    /// child's text goes after it there, and is cut off again when the child ends).
    private struct Open {
        var path: Int
        var textStart: Int
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
    /// Completed records not yet drained, oldest first; then the one being built.
    private var rows: [XMLRecordReader.Row] = []
    private(set) var fieldPaths: [Int] = []
    private(set) var fieldRanges: [Range<Int>] = []
    private(set) var values: [UInt8] = []
    private var recordFirstField = 0
    private var recordFirstValue = 0
    var failure: InputError?

    private var depth = 0
    private var recordDepth: Int?
    private var recordCount = 0
    private var recordLine = 0
    private var reject: RecordReject?
    private var stack: [Open] = []
    private var text: [UInt8] = []
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

    /// Every record completed since the last call, with their fields, moved out in
    /// one batch. Called between records, or at the end, where a record left open
    /// (the file failed inside it) is dropped.
    func drain() -> XMLBatch {
        var batch = XMLBatch(rows: self.rows, paths: self.paths)
        self.rows.removeAll(keepingCapacity: true)
        if self.recordDepth != nil {
            self.fieldPaths.removeSubrange(self.recordFirstField...)
            self.fieldRanges.removeSubrange(self.recordFirstField...)
            self.values.removeSubrange(self.recordFirstValue...)
            self.recordDepth = nil
        }
        swap(&batch.fieldPaths, &self.fieldPaths)
        swap(&batch.fieldRanges, &self.fieldRanges)
        swap(&batch.values, &self.values)
        return batch
    }

    var pendingRows: Int { self.rows.count }
    var pendingBytes: Int { self.values.count }
    var insideRecord: Bool { self.recordDepth != nil }
    var recordsStarted: Int { self.recordCount }

    func startElement(_ localName: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                      count: Int, line: () -> Int) {
        let depth = self.depth
        self.depth += 1
        guard self.recordDepth != nil else {
            let isRecord = self.recordName.map { Self.equals(localName, $0) } ?? (depth == 1)
            guard isRecord else { return }
            self.recordDepth = depth
            self.recordCount += 1
            self.recordLine = line()  // asked only here: a record's start is the one line kept
            self.recordFirstField = self.fieldPaths.count
            self.recordFirstValue = self.values.count
            self.reject = nil
            self.open = 0
            self.text.removeAll(keepingCapacity: true)
            self.attributes(attributes, count: count, of: -1)
            return
        }
        let parent = self.open > 0 ? self.stack[self.open - 1].path : -1
        if self.open > 0 { self.stack[self.open - 1].hadChild = true }
        let path = self.path(parent: parent, name: localName, attribute: false)
        self.attributes(attributes, count: count, of: path)
        let element = Open(path: path, textStart: self.text.count)
        if self.open == self.stack.count { self.stack.append(element) } else { self.stack[self.open] = element }
        self.open += 1
    }

    /// True when it closed a record.
    func endElement() -> Bool {
        self.depth -= 1
        guard let recordDepth = self.recordDepth else { return false }
        if self.depth == recordDepth {
            if self.reject != nil {
                self.fieldPaths.removeSubrange(self.recordFirstField...)
                self.fieldRanges.removeSubrange(self.recordFirstField...)
                self.values.removeSubrange(self.recordFirstValue...)
            }
            self.rows.append(XMLRecordReader.Row(record: self.recordCount, line: self.recordLine, reject: self.reject,
                                 first: self.recordFirstField, count: self.fieldPaths.count - self.recordFirstField))
            self.recordDepth = nil
            return true
        }
        guard self.open > 0 else { return false }
        self.open -= 1
        let element = self.stack[self.open]
        if !element.hadChild || self.text.count > element.textStart {
            let start = self.values.count
            self.text.withUnsafeBufferPointer { Self.appendTrimmed(UnsafeBufferPointer(rebasing: $0[element.textStart...]), to: &self.values) }
            self.set(element.path, start..<self.values.count)
        }
        self.text.removeLast(self.text.count - element.textStart)
        return false
    }

    /// Text, CDATA and white space inside the innermost open element of a record.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.recordDepth != nil, self.open > 0 else { return }
        let top = self.open - 1
        if self.stack[top].tooLarge { return }
        if self.text.count - self.stack[top].textStart + bytes.count > self.maxFieldBytes {
            self.stack[top].tooLarge = true
            self.text.removeSubrange(self.stack[top].textStart...)
            if self.reject == nil {
                self.reject = RecordReject(reason: "field_too_large",
                                           message: "element \(self.paths[self.stack[top].path]) is longer than \(self.maxFieldBytes) bytes")
            }
            return
        }
        self.text.append(contentsOf: bytes)
    }

    /// SAX2 gives each attribute as five pointers: local name, prefix, URI, value start, value end.
    private func attributes(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int, of parent: Int) {
        guard let attributes, count > 0 else { return }
        for index in 0..<count {
            guard let name = attributes[index * 5], let start = attributes[index * 5 + 3],
                  let end = attributes[index * 5 + 4] else { continue }
            let key = self.path(parent: parent, name: name, attribute: true)
            let from = self.values.count
            Self.appendAttribute(UnsafeBufferPointer(start: start, count: start.distance(to: end)), to: &self.values)
            self.set(key, from..<self.values.count)
        }
    }

    /// Without entity substitution, libxml2 hands an attribute's `&` (written `&amp;`
    /// or `&#38;`) on as `&#38;`, for the tree builder to decode; no other reference
    /// can remain (undeclared ones are errors, declared ones are refused).
    static func appendAttribute(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard bytes.contains(UInt8(ascii: "&")) else { return out.append(contentsOf: bytes) }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), index + 5 <= bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
               bytes[index + 2] == UInt8(ascii: "3"), bytes[index + 3] == UInt8(ascii: "8"), bytes[index + 4] == UInt8(ascii: ";") {
                out.append(byte)
                index += 5
                continue
            }
            out.append(byte)
            index += 1
        }
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

    /// A repeated name keeps its first place and takes the last value.
    private func set(_ path: Int, _ value: Range<Int>) {
        if self.slotRecord[path] == self.recordCount {
            self.fieldRanges[self.slot[path]] = value
        } else {
            self.slotRecord[path] = self.recordCount
            self.slot[path] = self.fieldPaths.count
            self.fieldPaths.append(path)
            self.fieldRanges.append(value)
        }
    }

    /// Element text without the white space around it (Unicode's White_Space, as
    /// `trimmedFast`), on the bytes unless an end may be non-ASCII white space.
    private static func appendTrimmed(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if let kept = ByteTrim.trimmedRange(bytes) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept]))
        } else {
            out.append(contentsOf: String(decoding: bytes, as: UTF8.self).trimmedFast.utf8)
        }
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
