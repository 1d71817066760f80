import ArtifactText
import CubeAPI
import RecipientIO

/// `RecipientRules.check` and `RecipientLine.encode` done on the bytes of a line
/// in ingest's own shape, for the common record: every value plain (no
/// escapes), an ASCII phone, nothing to trim. A plain value is written to
/// `recipients.ndjson` exactly as it stands in `ingested.ndjson` (JSON quoting
/// escapes only what a plain value cannot hold), so no string is made per
/// field. Anything else answers `unsure`, and the record goes through
/// `check` itself; the bench compares both paths' files byte for byte.
struct PlainRecordCheck {
    enum Answer {
        /// Passed every rule but dedupe; its line was appended to the output.
        case candidate(key: UInt64)
        case reject(Reject)
        case unsure
    }

    private enum Value {
        case field(Int?)
        case constant([UInt8])
    }

    private let rules: RecipientRules
    private let quotedKeys: [[UInt8]]
    private var layout = -1
    private var phone: Int?
    private var name: Int??
    private var variables: [Value] = []
    private var quotedSource: [UInt8] = []
    /// A phone written with non-ASCII digits, folded to ASCII.
    private var folded: [UInt8] = []
    private var source = ""

    init(rules: RecipientRules) {
        self.rules = rules
        self.quotedKeys = rules.pipeline.mapping.variables.map { variable in
            var bytes: [UInt8] = []
            JSONText.quote(variable.key, into: &bytes)
            return bytes
        }
    }

    /// Finds the mapped fields among the names the line has (first match wins, as `IngestedRecord.value`).
    private mutating func resolve(_ names: ArraySlice<String>, layout: Int) {
        let mapping = self.rules.pipeline.mapping
        func slot(_ path: String) -> Int? { names.firstIndex(of: path).map { $0 - names.startIndex } }
        self.layout = layout
        self.phone = slot(mapping.phone)
        self.name = mapping.name.map { slot($0) }
        self.variables = mapping.variables.map { variable in
            switch variable.source {
            case .field(let path): return .field(slot(path))
            case .constant(let text):
                // An empty or refused constant is rejected by `check`, in its words.
                guard !text.isEmpty, RecipientRules.variableProblem(text) == nil else { return .field(nil) }
                var bytes: [UInt8] = []
                JSONText.quote(text, into: &bytes)
                return .constant(bytes)
            }
        }
    }

    mutating func check(_ line: UnsafeBufferPointer<UInt8>, _ fields: IngestedLineParser.PlainFields,
                        names: [String], into out: inout [UInt8]) -> Answer {
        // An opt-out list is looked up by `check` (on the E.164 string); deciding that first
        // spares normalising the phone twice.
        guard self.rules.suppressed.isEmpty else { return .unsure }
        if fields.layout != self.layout { self.resolve(names.prefix(fields.values.count), layout: fields.layout) }
        guard let phoneSlot = self.phone else { return .unsure }
        let raw = UnsafeBufferPointer(rebasing: line[fields.values[phoneSlot]])
        let ascii = !raw.contains(where: { $0 >= 0x80 })
        if !ascii {
            self.folded.removeAll(keepingCapacity: true)
            guard PhoneNormalizer.foldDigits(utf8: raw, into: &self.folded) else { return .unsure }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { e164 in
            var length = 0
            let outcome = ascii
                ? self.rules.normalizer.normalize(ascii: raw, into: e164, length: &length)
                : self.folded.withUnsafeBufferPointer { self.rules.normalizer.normalize(ascii: $0, into: e164, length: &length) }
            if let outcome {
                return .reject(self.rules.phoneReject(outcome, raw: String(decoding: raw, as: UTF8.self), present: true,
                                                      source: fields.source, record: fields.record, line: fields.line))
            }
            let phone = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(e164)[..<length])
            let start = out.count
            out += #"{"phone":""#.utf8
            out += phone
            out += #"","name":"#.utf8
            if case .some(let slot) = self.name {
                guard let slot, let value = Self.untrimmed(line, fields.values[slot], limit: RecipientRules.maxNameLength) else {
                    out.removeSubrange(start...)
                    return .unsure
                }
                if value.isEmpty {
                    out += "null".utf8
                } else {
                    out.append(0x22)
                    out += UnsafeBufferPointer(rebasing: line[value])
                    out.append(0x22)
                }
            } else {
                out += "null".utf8
            }
            out += #","variables":{"#.utf8
            for (index, variable) in self.variables.enumerated() {
                if index > 0 { out.append(0x2C) }
                out += self.quotedKeys[index]
                out.append(0x3A)
                switch variable {
                case .constant(let quoted): out += quoted
                case .field(let slot):
                    guard let slot, let value = Self.untrimmed(line, fields.values[slot], limit: RecipientRules.maxVariableLength),
                          !value.isEmpty, !Self.hasSpaceRun(line[value]) else {
                        out.removeSubrange(start...)
                        return .unsure
                    }
                    out.append(0x22)
                    out += UnsafeBufferPointer(rebasing: line[value])
                    out.append(0x22)
                }
            }
            out += #"},"source":"#.utf8
            if fields.source != self.source {
                self.source = fields.source
                self.quotedSource.removeAll(keepingCapacity: true)
                JSONText.quote(fields.source, into: &self.quotedSource)
            }
            out += self.quotedSource
            out += #","record":"#.utf8
            JSONText.append(decimal: fields.record, to: &out)
            out += "}\n".utf8
            return .candidate(key: RecipientRules.dedupeKey(phone))
        }
    }

    /// The value's range when trimming would leave it as it is and it is within
    /// `limit` bytes (so within `limit` characters); nil when `check` must decide.
    private static func untrimmed(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int) -> Range<Int>? {
        guard range.count <= limit,
              ByteTrim.trimmedRange(UnsafeBufferPointer(rebasing: line[range])) == 0..<range.count else { return nil }
        return range
    }

    /// More than four spaces in a row, which WhatsApp refuses (`variableProblem` words it).
    private static func hasSpaceRun(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var spaces = 0
        for byte in bytes {
            if byte == 0x20 {
                spaces += 1
                if spaces > 4 { return true }
            } else {
                spaces = 0
            }
        }
        return false
    }
}
