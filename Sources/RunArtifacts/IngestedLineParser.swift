import ArtifactText
import RecipientIO

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a line exactly as `IngestedLine` writes it, straight from its bytes:
/// validate reads a million of these, and a general JSON parser (a dictionary
/// of keys, a path string per value) cost more than the phone checks. Field
/// names and the source repeat from line to line, so their strings are reused.
/// Any line not in that exact shape answers nil, for the general parser to read.
public struct IngestedLineParser {
    /// A line's fields as byte ranges, when every name and value is plain
    /// (no escapes): what validate's byte path reads without making strings.
    public struct PlainFields {
        /// 0 on a line from before ids: the reader's caller knows its line number.
        public var id = 0
        public var source = ""
        public var record = 0
        public var line = 0
        public var values: [Range<Int>] = []
        /// Changes whenever the field names (`names`) differ from the line before.
        public var layout = 0

        public init() {}
    }

    private var names: [[UInt8]] = []
    /// Field names by position, as the last line had them.
    public private(set) var nameStrings: [String] = []
    private var layout = 0
    private var layoutCount = -1
    private var sourceBytes: [UInt8] = []
    private var sourceString = ""

    public init() {}

    public mutating func parse(line: UnsafeBufferPointer<UInt8>) -> IngestedRecord? {
        var at = 0
        guard let (id, source, record, number) = self.header(line, &at) else { return nil }
        var result = IngestedRecord(id: id, source: source, record: record, line: number, fields: [], reject: nil)
        if Self.literal(",\"reject\":{\"reason\":", line, &at) {
            guard let reason = self.string(line, &at), Self.literal(",\"message\":", line, &at),
                let message = self.string(line, &at)
            else { return nil }
            result.reject = RecordReject(reason: RecordRejectReason(rawValue: reason), message: message)
        } else {
            guard Self.literal(",\"fields\":{", line, &at) else { return nil }
            var index = 0
            while at < line.count, line[at] != UInt8(ascii: "}") {
                if index > 0 && !Self.literal(",", line, &at) { return nil }
                guard let name = self.name(line, &at, index: index), Self.literal(":", line, &at),
                    let value = self.string(line, &at)
                else { return nil }
                result.fields.append(Field(name: name, value: value))
                index += 1
            }
            at += 1
        }
        guard Self.literal("}", line, &at), at == line.count else { return nil }
        return result
    }

    /// Fills `fields` from a line in ingest's shape whose names and values are
    /// all plain; false for anything else (a reject line, an escape), which the
    /// full `parse` reads.
    public mutating func scan(line: UnsafeBufferPointer<UInt8>, into fields: inout PlainFields) -> Bool {
        var at = 0
        guard let (id, source, record, number) = self.header(line, &at), Self.literal(",\"fields\":{", line, &at) else {
            return false
        }
        fields.id = id
        fields.source = source
        fields.record = record
        fields.line = number
        fields.values.removeAll(keepingCapacity: true)
        var index = 0
        while at < line.count, line[at] != UInt8(ascii: "}") {
            if index > 0 && !Self.literal(",", line, &at) { return false }
            guard let name = Self.plain(line, at) else { return false }
            _ = self.remember(name, in: line, at: index)
            at = name.upperBound + 1
            guard Self.literal(":", line, &at), let value = Self.plain(line, at) else { return false }
            at = value.upperBound + 1
            fields.values.append(value)
            index += 1
        }
        at += 1
        guard Self.literal("}", line, &at), at == line.count else { return false }
        if index != self.layoutCount {
            self.layoutCount = index
            self.layout &+= 1
        }
        fields.layout = self.layout
        return true
    }

    /// The bytes of `range` in the line equal `known` (memcmp: names and the source repeat on every line).
    private static func same(_ known: [UInt8], _ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard known.count == range.count else { return false }
        guard range.count > 0, let base = line.baseAddress else { return true }
        return known.withUnsafeBufferPointer { known in
            guard let start = known.baseAddress else { return false }
            return memcmp(start, base + range.lowerBound, range.count) == 0
        }
    }

    private static func literal(_ text: StaticString, _ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard at + count <= line.count else { return false }
        let base = text.utf8Start
        for offset in 0..<count where line[at + offset] != base[offset] { return false }
        at += count
        return true
    }

    private static func integer(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> Int? {
        var value = 0
        let start = at
        while at < line.count, line[at] >= 0x30, line[at] <= 0x39, at - start < 18 {
            value = value * 10 + Int(line[at] - 0x30)
            at += 1
        }
        return at > start ? value : nil
    }

    /// The bytes between the quotes, when there is no escape in them.
    private static func plain(_ line: UnsafeBufferPointer<UInt8>, _ at: Int) -> Range<Int>? {
        guard at < line.count, line[at] == UInt8(ascii: "\"") else { return nil }
        var end = at + 1
        while end < line.count {
            let byte = line[end]
            if byte == UInt8(ascii: "\"") { return (at + 1)..<end }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            end += 1
        }
        return nil
    }

    private mutating func source(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> String? {
        guard let range = Self.plain(line, at) else { return self.string(line, &at) }
        if !Self.same(self.sourceBytes, line, range) {
            self.sourceBytes = Array(line[range])
            self.sourceString = String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        }
        at = range.upperBound + 1
        return self.sourceString
    }

    private mutating func name(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int, index: Int) -> String? {
        guard let range = Self.plain(line, at) else { return self.string(line, &at) }
        at = range.upperBound + 1
        return self.remember(range, in: line, at: index)
    }

    /// The plain name at `range` as field `index`'s name: the string kept from the
    /// line before when the bytes are the same, else a new one, kept (and `layout` moves).
    private mutating func remember(_ range: Range<Int>, in line: UnsafeBufferPointer<UInt8>, at index: Int) -> String {
        if index < self.names.count, Self.same(self.names[index], line, range) { return self.nameStrings[index] }
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        if index == self.names.count {
            self.names.append(Array(line[range]))
            self.nameStrings.append(text)
        } else if index < self.names.count {
            self.names[index] = Array(line[range])
            self.nameStrings[index] = text
        }
        self.layout &+= 1
        return text
    }

    /// `{"id":N,"source":…,"record":N,"line":N`, the start every line of ingest's
    /// shape has; a line from before ids starts at `"source"` and answers id 0.
    private mutating func header(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> (Int, String, Int, Int)? {
        var id = 0
        if Self.literal("{\"id\":", line, &at) {
            guard let number = Self.integer(line, &at), number > 0, Self.literal(",", line, &at) else { return nil }
            id = number
        } else {
            guard Self.literal("{", line, &at) else { return nil }
        }
        guard Self.literal("\"source\":", line, &at), let source = self.source(line, &at),
            Self.literal(",\"record\":", line, &at), let record = Self.integer(line, &at),
            Self.literal(",\"line\":", line, &at), let number = Self.integer(line, &at)
        else { return nil }
        return (id, source, record, number)
    }

    /// A JSON string as `JSONText.quote` writes it: a plain one straight from its bytes, one with
    /// escapes by `JSONCursor`, the product's one unescape.
    private func string(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> String? {
        if let range = Self.plain(line, at) {
            at = range.upperBound + 1
            return String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        }
        var cursor = JSONCursor(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[at...]))
        guard let text = cursor.string() else { return nil }
        at += cursor.at
        return text
    }
}
