import ArtifactText
import CubeAPI
import RecipientIO
import RunArtifacts
import ContactHistory

/// `RecipientRules.check` on the bytes of a line in ingest's own shape, for the
/// common record: every value plain (no escapes), nothing to trim. It is a
/// representation of the same rules, not a copy: the phone goes through the
/// same normaliser and `phoneReject`, each value through the same
/// `nameProblem`/`variableProblem`, and the line through the same
/// `RecipientsFile` writer pieces (a plain value written exactly as it stands in
/// `ingested.ndjson`), so no string is made per field. Whatever a rule would
/// refuse, or the path is unsure of, answers `unsure`, and the record goes
/// through `check` itself, which words the reject. `coverage(of:)` places every
/// reason; the bench compares both paths' files byte for byte.
struct PlainRecordCheck {
    /// Where a reject reason is decided for the records this path takes.
    enum Coverage {
        /// Decided on this path, by the same code `check` runs.
        case decidedHere
        /// A record this might apply to answers `unsure`: `check` decides and words it.
        case generalPath
    }

    /// Exhaustive on purpose: a new `RejectReason` does not compile until this
    /// path says whether it decides it or leaves it to `check`.
    static func coverage(of reason: RejectReason) -> Coverage {
        switch reason {
        // The normaliser's verdict, worded by `rules.phoneReject`.
        case .missingPhone, .invalidPhone, .invalidNumber: .decidedHere
        // Decided after both paths, in input order (`ValidateOutput`), against the history for the cap.
        case .duplicate, .frequencyCap: .decidedHere
        // An opt-out list: `check` looks the E.164 string up.
        case .suppressed: .generalPath
        // A value a rule refuses (or an empty one) makes the record `unsure`.
        case .missingVariable, .badVariable, .badName, .controlCharacter: .generalPath
        // Only a record whose variables' bytes could pass the limit answers `unsure`.
        case .messageTooLong: .generalPath
        // A pipeline with `filter:` or `language:` sends every record to `check`.
        case .filtered, .noLanguage: .generalPath
        }
    }

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
        func slot(_ path: String) -> Int? { ColumnName.find(path, in: names).index }
        self.layout = layout
        self.phone = slot(mapping.phone)
        self.name = mapping.name.map { slot($0) }
        self.variables = mapping.variables.map { variable in
            switch variable.source {
            case .field(let path): return .field(slot(path))
            case .constant(let text):
                // An empty or refused constant is rejected by `check`, in its words.
                guard !text.isEmpty, RecipientRules.variableProblem(text) == nil, ControlCharacters.first(in: text.utf8) == nil
                else {
                    return .field(nil)
                }
                var bytes: [UInt8] = []
                JSONText.quote(text, into: &bytes)
                return .constant(bytes)
            }
        }
    }

    mutating func check(
        _ line: UnsafeBufferPointer<UInt8>, _ fields: IngestedLineParser.PlainFields,
        names: [String], into out: inout [UInt8]
    ) -> Answer {
        // An opt-out list is looked up by `check` (on the E.164 string); deciding that first
        // spares normalising the phone twice.
        guard self.rules.suppressed.isEmpty && self.rules.optedOut.isEmpty && self.rules.forgotten.isEmpty else { return .unsure }
        // A filter's cells and a language's are read by `check`; this path writes no language.
        guard self.rules.pipeline.filter.isEmpty && self.rules.pipeline.language == nil else { return .unsure }
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
            let outcome =
                ascii
                ? self.rules.normalizer.normalize(ascii: raw, into: e164, length: &length)
                : self.folded.withUnsafeBufferPointer { self.rules.normalizer.normalize(ascii: $0, into: e164, length: &length) }
            if let outcome {
                return .reject(
                    self.rules.phoneReject(
                        outcome, raw: String(decoding: raw, as: UTF8.self), present: true,
                        id: fields.id, source: fields.source, record: fields.record, line: fields.line))
            }
            let phone = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(e164)[..<length])
            let start = out.count
            RecipientsFile.begin(id: fields.id > 0 ? fields.id : nil, phone: phone, into: &out)
            if case .some(let slot) = self.name {
                guard let slot, let value = Self.untrimmed(line, fields.values[slot]),
                    RecipientRules.nameProblem(utf8: line[value], characters: { Self.characters(line, value) }) == nil,
                    ControlCharacters.first(in: line[value]) == nil
                else {
                    out.removeSubrange(start...)
                    return .unsure
                }
                if value.isEmpty {
                    RecipientsFile.null(into: &out)
                } else {
                    RecipientsFile.plain(UnsafeBufferPointer(rebasing: line[value]), into: &out)
                }
            } else {
                RecipientsFile.null(into: &out)
            }
            RecipientsFile.beginVariables(into: &out)
            var variableBytes = 0
            for (index, variable) in self.variables.enumerated() {
                RecipientsFile.variable(index, into: &out) { $0 += self.quotedKeys[index] }
                switch variable {
                case .constant(let quoted):
                    out += quoted
                    variableBytes += quoted.count
                case .field(let slot):
                    guard let slot, let value = Self.untrimmed(line, fields.values[slot]), !value.isEmpty,
                        RecipientRules.variableProblem(utf8: line[value], characters: { Self.characters(line, value) }) == nil,
                        ControlCharacters.first(in: line[value]) == nil
                    else {
                        out.removeSubrange(start...)
                        return .unsure
                    }
                    RecipientsFile.plain(UnsafeBufferPointer(rebasing: line[value]), into: &out)
                    variableBytes += value.count
                }
            }
            if let length = self.rules.length, length.bound(variableBytes: variableBytes) > MessageTemplate.maxLength {
                out.removeSubrange(start...)
                return .unsure
            }
            if fields.source != self.source {
                self.source = fields.source
                self.quotedSource.removeAll(keepingCapacity: true)
                JSONText.quote(fields.source, into: &self.quotedSource)
            }
            RecipientsFile.end(record: fields.record, into: &out) { $0 += self.quotedSource }
            return .candidate(key: RecipientRules.dedupeKey(phone))
        }
    }

    /// The value's range when trimming would leave it as it is; nil when `check` must trim it.
    private static func untrimmed(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        guard ByteTrim.trimmedRange(UnsafeBufferPointer(rebasing: line[range])) == 0..<range.count else { return nil }
        return range
    }

    /// A plain value's characters, for the rare value whose bytes pass a length limit.
    private static func characters(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self).count
    }
}
