import ArtifactText
import CubeAPI

/// The line format of `recipients.ndjson`, written as bytes: one writer, in
/// pieces, for both validate paths (`RecipientRules` on strings,
/// `PlainRecordCheck` on the bytes of ingest's line), so the two cannot write
/// different lines (the pieces are inlined into both: they run for every
/// recipient). Values come already quoted: by `JSONText.quote`, or as a
/// plain JSON value copied as it stands (`plain`).
public enum RecipientLine {
    public static func encode(_ recipient: ValidRecipient, into out: inout [UInt8]) {
        Self.begin(phone: recipient.phone.utf8, into: &out)
        if let name = recipient.name { JSONText.quote(name, into: &out) } else { Self.null(into: &out) }
        Self.beginVariables(into: &out)
        for (index, variable) in recipient.variables.enumerated() {
            Self.variable(index, into: &out) { JSONText.quote(variable.key, into: &$0) }
            JSONText.quote(variable.value, into: &out)
        }
        Self.end(record: recipient.record, into: &out) { JSONText.quote(recipient.source, into: &$0) }
    }

    /// `{"phone":"+9665…","name":` — an E.164 phone needs no escaping. The name follows.
    @inline(__always)
    static func begin(phone: some Sequence<UInt8>, into out: inout [UInt8]) {
        out += #"{"phone":""#.utf8
        out += phone
        out += #"","name":"#.utf8
    }

    @inline(__always)
    static func null(into out: inout [UInt8]) {
        out += "null".utf8
    }

    /// A value that holds nothing JSON escapes, written as it stands.
    @inline(__always)
    static func plain(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(0x22)
        out += bytes
        out.append(0x22)
    }

    @inline(__always)
    static func beginVariables(into out: inout [UInt8]) {
        out += #","variables":{"#.utf8
    }

    /// `"1":` (after a comma from the second one on); `key` writes the quoted key, the value follows.
    @inline(__always)
    static func variable(_ index: Int, into out: inout [UInt8], key: (inout [UInt8]) -> Void) {
        if index > 0 { out.append(0x2C) }
        key(&out)
        out.append(0x3A)
    }

    /// `},"source":…,"record":N}` and the newline; `source` writes the quoted source.
    @inline(__always)
    static func end(record: Int, into out: inout [UInt8], source: (inout [UInt8]) -> Void) {
        out += #"},"source":"#.utf8
        source(&out)
        out += #","record":"#.utf8
        JSONText.append(decimal: record, to: &out)
        out += "}\n".utf8
    }
}
