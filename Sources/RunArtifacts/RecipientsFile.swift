public import ArtifactText
import RecipientIO

/// `recipients.ndjson` (and its zoned copy, the same lines regrouped): its one
/// writer and its one reader.
///
/// The writer comes in pieces, inlined into validate's two paths (strings, and
/// the bytes of ingest's line copied as they stand), so both write one format:
/// `{"id":N,"phone":"+…","name":…,"variables":{"1":…},"source":…,"record":N}`, and with `language:`
/// `…,"record":N,"language":"ar"}` (`,"language_fallback":true` after it when the cell chose none): at
/// the end, so a run without languages writes the very bytes it always did.
/// A line written before record ids existed starts at `"phone"`; it is read
/// as it stands, with no id.
/// The reader takes that shape byte by byte and hands any other line to the
/// strict general parser, which accepts the same fields in another order or
/// spacing and refuses anything else with the file and line named.
public enum RecipientsFile {
    public static let file = RunFile.recipients

    // MARK: Writer

    public static func encode(_ recipient: RecipientRecord, into out: inout [UInt8]) {
        Self.begin(id: recipient.id, phone: recipient.phone.utf8, into: &out)
        if let name = recipient.name { JSONText.quote(name, into: &out) } else { Self.null(into: &out) }
        Self.beginVariables(into: &out)
        for (index, variable) in recipient.variables.enumerated() {
            Self.variable(index, into: &out) { JSONText.quote(variable.key, into: &$0) }
            JSONText.quote(variable.value, into: &out)
        }
        Self.end(
            record: recipient.record, language: recipient.language, fallback: recipient.languageFallback, into: &out
        ) { JSONText.quote(recipient.source, into: &$0) }
    }

    /// `{"id":N,"phone":"+9665…","name":` — an E.164 phone needs no escaping. The name follows.
    @inlinable @inline(__always)
    public static func begin(id: Int?, phone: some Sequence<UInt8>, into out: inout [UInt8]) {
        if let id {
            out += #"{"id":"#.utf8
            JSONText.append(decimal: id, to: &out)
            out += #","phone":""#.utf8
        } else {
            out += #"{"phone":""#.utf8
        }
        out += phone
        out += #"","name":"#.utf8
    }

    @inlinable @inline(__always)
    public static func null(into out: inout [UInt8]) {
        out += "null".utf8
    }

    /// A value that holds nothing JSON escapes, written as it stands.
    @inlinable @inline(__always)
    public static func plain(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(0x22)
        out += bytes
        out.append(0x22)
    }

    @inlinable @inline(__always)
    public static func beginVariables(into out: inout [UInt8]) {
        out += #","variables":{"#.utf8
    }

    /// `"1":` (after a comma from the second one on); `key` writes the quoted key, the value follows.
    @inlinable @inline(__always)
    public static func variable(_ index: Int, into out: inout [UInt8], key: (inout [UInt8]) -> Void) {
        if index > 0 { out.append(0x2C) }
        key(&out)
        out.append(0x3A)
    }

    /// `},"source":…,"record":N}` and the newline; `source` writes the quoted source.
    @inlinable @inline(__always)
    public static func end(
        record: Int, language: String? = nil, fallback: Bool = false, into out: inout [UInt8],
        source: (inout [UInt8]) -> Void
    ) {
        out += #"},"source":"#.utf8
        source(&out)
        out += #","record":"#.utf8
        JSONText.append(decimal: record, to: &out)
        if let language {
            out += #","language":"#.utf8
            JSONText.quote(language, into: &out)
            if fallback { out += #","language_fallback":true"#.utf8 }
        }
        out += "}\n".utf8
    }

    // MARK: Reader

    /// One line (with or without its newline); `line` is its 1-based number in `path`, for errors.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String, line: Int) throws -> RecipientRecord {
        let body = Self.trimmed(bytes)
        if let record = Self.fast(body) { return record }
        return try Self.general(body, path: path, line: line)
    }

    /// Only the phone, without making the rest: the history's checks need nothing else.
    public static func phone(_ bytes: UnsafeRawBufferPointer, path: String, line: Int) throws -> String {
        let body = Self.trimmed(bytes)
        var cursor = JSONCursor(body)
        if Self.head(&cursor) != nil, let phone = cursor.plainString(), Self.isE164(phone), cursor.take(#","name":"#) {
            return String(decoding: phone, as: UTF8.self)
        }
        return try Self.general(body, path: path, line: line).phone
    }

    /// Every line of `bytes` (whole lines, each ending in a newline), numbered from `firstLine`.
    public static func forEach(
        in bytes: UnsafeRawBufferPointer, path: String, firstLine: Int,
        _ body: (RecipientRecord) throws -> Void
    ) throws {
        var start = 0
        var line = firstLine
        while start < bytes.count {
            let end = Self.lineEnd(bytes, from: start)
            try body(try Self.decode(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), path: path, line: line))
            start = end + 1
            line += 1
        }
    }

    static func lineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return end
    }

    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var count = bytes.count
        if count > 0, bytes[count - 1] == 0x0A { count -= 1 }
        if count > 0, bytes[count - 1] == 0x0D { count -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[0..<count])
    }

    static func isE164(_ phone: UnsafeRawBufferPointer) -> Bool {
        phone.count > 1 && phone[0] == 0x2B && phone.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }

    /// Validate's own shape, or nil.
    static func fast(_ body: UnsafeRawBufferPointer) -> RecipientRecord? {
        var cursor = JSONCursor(body)
        guard let id = Self.head(&cursor), let phoneBytes = cursor.plainString(), Self.isE164(phoneBytes),
            cursor.take(#","name":"#), let name = cursor.optionalString(), cursor.take(#","variables":{"#)
        else { return nil }
        var variables: [(key: String, value: String)] = []
        if !cursor.take(byte: 0x7D) {
            repeat {
                guard let key = cursor.string(), cursor.take(byte: 0x3A), let value = cursor.string() else { return nil }
                variables.append((key, value))
            } while cursor.take(byte: 0x2C)
            guard cursor.take(byte: 0x7D) else { return nil }
        }
        guard cursor.take(#","source":"#), let source = cursor.string(), cursor.take(#","record":"#),
            let record = cursor.integer()
        else { return nil }
        var language: String?
        var fallback = false
        if cursor.take(#","language":"#) {
            guard let code = cursor.string() else { return nil }
            language = code
            fallback = cursor.take(#","language_fallback":true"#)
        }
        guard cursor.take(byte: 0x7D), cursor.atEnd else { return nil }
        return RecipientRecord(
            phone: String(decoding: phoneBytes, as: UTF8.self), name: name.flatMap { $0.isEmpty ? nil : $0 },
            variables: variables, source: source, record: record, id: id, language: language, languageFallback: fallback)
    }

    /// `{"id":N,"phone":` or, on a line from before ids, `{"phone":`: the id
    /// (nil for the old line), or nil nil when the line starts otherwise.
    static func head(_ cursor: inout JSONCursor) -> Int?? {
        if cursor.take(#"{"phone":"#) { return .some(nil) }
        guard cursor.take(#"{"id":"#), let id = cursor.integer(), id > 0, cursor.take(#","phone":"#) else { return nil }
        return .some(id)
    }

    /// The strict general parser: the same fields in any order and spacing, nothing else.
    static func general(_ body: UnsafeRawBufferPointer, path: String, line: Int) throws -> RecipientRecord {
        func damaged(_ what: String) -> ArtifactError {
            ArtifactError(
                file: path, line: line, message: what,
                hint:
                    "this file is written by campaign-validate; run it again for this run directory (before anything was submitted), or put back the file the run was planned with"
            )
        }
        let reader = NDJSONReader(source: BufferSource(Array(body)), name: path, maxDepth: 4, maxStringBytes: 1 << 20)
        guard let parsed = try reader.next() else { throw damaged("an empty line where a recipient was expected") }
        if let reject = parsed.reject { throw damaged("not a recipient line: \(reject.message)") }
        var phone: String?
        var name: String?
        var source: String?
        var record: Int?
        var id: Int?
        var language: String?
        var fallback = false
        var variables: [(key: String, value: String)] = []
        for field in parsed.fields {
            switch field.name {
            case "language": language = field.value
            case "language_fallback":
                guard field.value == "true" || field.value == "false" else {
                    throw damaged("language_fallback is not true or false: \(field.value.prefix(40))")
                }
                fallback = field.value == "true"

            case "phone": phone = field.value
            case "name": name = field.value.isEmpty ? nil : field.value
            case "source": source = field.value
            case "record":
                guard let number = Int(field.value), number >= 0 else {
                    throw damaged("record is not a record number: \(field.value.prefix(40))")
                }
                record = number
            case "id":
                guard let number = Int(field.value), number > 0 else {
                    throw damaged("id is not a record id: \(field.value.prefix(40))")
                }
                id = number
            default:
                guard field.name.hasPrefix("variables.") else { throw damaged("an unknown field '\(field.name.prefix(60))'") }
                variables.append((String(field.name.dropFirst(10)), field.value))
            }
        }
        guard let phone, phone.hasPrefix("+"), phone.count > 1, phone.utf8.dropFirst().allSatisfy({ (0x30...0x39).contains($0) })
        else {
            throw damaged("the line has no E.164 phone")
        }
        guard let source, let record else { throw damaged("the line does not say which input record it is (source and record)") }
        return RecipientRecord(
            phone: phone, name: name, variables: variables, source: source, record: record, id: id, language: language,
            languageFallback: fallback)
    }
}
