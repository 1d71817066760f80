import CLibXML2

/// Turns libxml2's SAX events into records: a record is the element named by
/// `record` (auto: each child of the root); its fields are child text by local
/// name (namespaces ignored), attributes as `@name`, nested elements as dotted
/// paths; a repeated child keeps the last value. It runs on the parsing thread,
/// once per event, so its state is in memory it owns (`RawBuffer`) and records
/// leave it only in batches (`drain`).
final class XMLRecordBuilder {
    /// An element open inside a record; its own text is `text[textStart...]` (a
    /// child's text goes after it there, and is cut off again when the child ends).
    private struct Open: BitwiseCopyable {
        var path: Int
        var textStart: Int
        var hadChild = false
        var tooLarge = false
    }

    /// Where a path's value went in the record that last had it.
    private struct Slot: BitwiseCopyable {
        var record = 0
        var field = 0
    }

    /// The path of an element past `XMLPathTable.limit`.
    private static let skipped = -2

    let file: String
    private let recordName: [UInt8]?
    private let maxFieldBytes: Int
    private let maxRecordBytes: Int
    var failure: InputError?

    /// Completed records not yet drained; then the fields of those and of the one being built.
    private var rows: [BatchRow] = []
    private var rejects: [RecordReject] = []
    private var fieldPaths = RawBuffer<Int>(capacity: 4096)
    /// Each field's value as two entries, its start and end in `values`.
    private var fieldBounds = RawBuffer<Int>(capacity: 8192)
    private var values = RawBuffer<UInt8>(capacity: 1 << 17)
    private var recordFirstField = 0
    private var recordFirstValue = 0

    private var depth = 0
    private var recordDepth: Int?
    private var recordCount = 0
    private var recordLine = 0
    private var reject: RecordReject?
    private var stack = RawBuffer<Open>()
    private var text = RawBuffer<UInt8>(capacity: 4096)
    private var table = XMLPathTable()
    private var slots = RawBuffer<Slot>()

    init(file: String, record: String?, maxFieldBytes: Int) {
        self.file = file
        self.recordName = record.map { Array($0.utf8) }
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = RecordLimits.bytes(fieldLimit: maxFieldBytes)
    }

    deinit {
        self.fieldPaths.deallocate()
        self.fieldBounds.deallocate()
        self.values.deallocate()
        self.stack.deallocate()
        self.text.deallocate()
        self.table.deallocate()
        self.slots.deallocate()
    }

    /// Every record completed since the last call, with their fields, copied out in
    /// one batch. Called between records, or at the end, where a record left open
    /// (the file failed inside it) is dropped.
    func drain() -> RowBatch {
        if self.recordDepth != nil {
            self.dropRecordFields()
            self.recordDepth = nil
        }
        let batch = RowBatch(
            rows: self.rows, fieldNames: Array(self.fieldPaths.elements),
            fieldRanges: self.fieldRanges(), values: Array(self.values.elements),
            rejects: self.rejects, names: self.table.paths)
        self.rows.removeAll(keepingCapacity: true)
        self.rejects.removeAll()
        self.fieldPaths.truncate(to: 0)
        self.fieldBounds.truncate(to: 0)
        self.values.truncate(to: 0)
        return batch
    }

    var pendingRows: Int { self.rows.count }
    var pendingBytes: Int { self.values.count }
    var insideRecord: Bool { self.recordDepth != nil }
    var recordsStarted: Int { self.recordCount }

    func startElement(
        _ localName: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        count: Int, line: () -> Int
    ) {
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
            self.stack.truncate(to: 0)
            self.text.truncate(to: 0)
            self.attributes(attributes, count: count, of: -1)
            return
        }
        var parent = -1
        if self.stack.count > 0 {
            let top = self.stack.count - 1
            parent = self.stack[top].path
            self.stack[top].hadChild = true
        }
        // Past the path limit an element and all inside it are skipped (its record is refused).
        let path =
            parent == Self.skipped ? Self.skipped : self.path(parent: parent, name: localName, attribute: false) ?? Self.skipped
        if path != Self.skipped { self.attributes(attributes, count: count, of: path) }
        self.stack.append(Open(path: path, textStart: self.text.count, tooLarge: path == Self.skipped))
    }

    /// True when it closed a record.
    func endElement() -> Bool {
        self.depth -= 1
        guard let recordDepth = self.recordDepth else { return false }
        if self.depth == recordDepth {
            if self.reject != nil { self.dropRecordFields() }
            var rejectIndex = -1
            if let reject = self.reject {
                self.rejects.append(reject)
                rejectIndex = self.rejects.count - 1
            }
            self.rows.append(
                BatchRow(
                    record: self.recordCount, line: self.recordLine,
                    fields: self.recordFirstField..<self.fieldPaths.count, rejectIndex: rejectIndex))
            self.recordDepth = nil
            return true
        }
        guard self.stack.count > 0 else { return false }
        let element = self.stack[self.stack.count - 1]
        self.stack.truncate(to: self.stack.count - 1)
        if element.path != Self.skipped && (!element.hadChild || self.text.count > element.textStart)
            && self.fits(self.text.count - element.textStart)
        {
            let start = self.values.count
            Self.appendTrimmed(UnsafeBufferPointer(rebasing: self.text.elements[element.textStart...]), to: &self.values)
            self.set(element.path, start..<self.values.count)
        }
        self.text.truncate(to: element.textStart)
        return false
    }

    /// Text, CDATA and white space inside the innermost open element of a record.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.recordDepth != nil, self.stack.count > 0 else { return }
        let top = self.stack.count - 1
        let element = self.stack[top]
        if element.tooLarge { return }
        if self.text.count - element.textStart + bytes.count > self.maxFieldBytes {
            self.stack[top].tooLarge = true
            self.text.truncate(to: element.textStart)
            self.refuse(
                reason: .fieldTooLarge,
                "element \(self.table.paths[element.path]) is longer than \(self.maxFieldBytes) bytes")
            return
        }
        self.text.append(contentsOf: bytes)
    }

    /// SAX2 gives each attribute as five pointers: local name, prefix, URI, value start, value end.
    private func attributes(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int, of parent: Int) {
        guard let attributes, count > 0 else { return }
        for index in 0..<count {
            guard let name = attributes[index * 5], let start = attributes[index * 5 + 3],
                let end = attributes[index * 5 + 4]
            else { continue }
            guard let key = self.path(parent: parent, name: name, attribute: true),
                self.fits(start.distance(to: end))
            else { continue }
            let from = self.values.count
            Self.appendAttribute(UnsafeBufferPointer(start: start, count: start.distance(to: end)), to: &self.values)
            self.set(key, from..<self.values.count)
        }
    }

    /// Without entity substitution, libxml2 hands an attribute's `&` (written `&amp;`
    /// or `&#38;`) on as `&#38;`, for the tree builder to decode; no other reference
    /// can remain (undeclared ones are errors, declared ones are refused).
    static func appendAttribute(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout RawBuffer<UInt8>) {
        guard bytes.contains(UInt8(ascii: "&")) else { return out.append(contentsOf: bytes) }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            out.append(byte)
            if byte == UInt8(ascii: "&"), index + 5 <= bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
                bytes[index + 2] == UInt8(ascii: "3"), bytes[index + 3] == UInt8(ascii: "8"),
                bytes[index + 4] == UInt8(ascii: ";")
            {
                index += 5
            } else {
                index += 1
            }
        }
    }

    /// The path's id, or nil when the file has more distinct paths than anyone
    /// exports; the record is then refused, and the file goes on.
    private func path(parent: Int, name: UnsafePointer<xmlChar>, attribute: Bool) -> Int? {
        guard let path = self.table.path(parent: parent, name: name, attribute: attribute) else {
            self.refuse(
                reason: .tooManyFields,
                "the file has more than \(XMLPathTable.limit) distinct field names; check the record element (`record:`)")
            return nil
        }
        while self.slots.count <= path { self.slots.append(Slot()) }
        return path
    }

    /// A repeated name keeps its first place and takes the last value.
    private func set(_ path: Int, _ value: Range<Int>) {
        let slot = self.slots[path]
        if slot.record == self.recordCount {
            self.fieldBounds[slot.field * 2] = value.lowerBound
            self.fieldBounds[slot.field * 2 + 1] = value.upperBound
        } else {
            self.slots[path] = Slot(record: self.recordCount, field: self.fieldPaths.count)
            self.fieldPaths.append(path)
            self.fieldBounds.append(value.lowerBound)
            self.fieldBounds.append(value.upperBound)
        }
    }

    private func fieldRanges() -> [Range<Int>] {
        let bounds = self.fieldBounds
        return (0..<self.fieldPaths.count).map { bounds[$0 * 2]..<bounds[$0 * 2 + 1] }
    }

    /// Whether a value of `count` bytes keeps the record within `RecordLimits`; past
    /// it the record is refused and keeps no more values.
    private func fits(_ count: Int) -> Bool {
        if self.values.count - self.recordFirstValue + count <= self.maxRecordBytes { return true }
        if self.reject == nil { self.reject = RecordLimits.tooLarge(self.maxRecordBytes) }
        return false
    }

    private func refuse(reason: RecordRejectReason, _ message: String) {
        if self.reject == nil { self.reject = RecordReject(reason: reason, message: message) }
    }

    private func dropRecordFields() {
        self.fieldPaths.truncate(to: self.recordFirstField)
        self.fieldBounds.truncate(to: self.recordFirstField * 2)
        self.values.truncate(to: self.recordFirstValue)
    }

    /// Element text without the white space around it (Unicode's White_Space, as
    /// `trimmedFast`), on the bytes unless an end may be non-ASCII white space.
    private static func appendTrimmed(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout RawBuffer<UInt8>) {
        if let kept = ByteTrim.trimmedRange(bytes) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept]))
        } else {
            Array(String(decoding: bytes, as: UTF8.self).trimmedFast.utf8).withUnsafeBufferPointer { out.append(contentsOf: $0) }
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
