public import ContactHistory
public import RunArtifacts
import RecipientIO

/// Everything about one record that does not depend on the records before it:
/// the mapping, the phone, the opt-outs, the name and the variables. Being
/// free of state, it runs on every core at once; only dedupe, which needs
/// input order, is left to `RecipientValidator`.
public struct RecipientRules: Sendable {
    /// A record that passed every rule but dedupe.
    public struct Candidate: Sendable {
        public var recipient: ValidRecipient
        /// The E.164 digits as a number, for dedupe.
        public var key: UInt64
        public var line: Int
        /// The phone as the record wrote it, for a duplicate's reject row.
        public var raw: String
    }

    public enum Check: Sendable {
        case candidate(Candidate)
        case reject(Reject)
    }

    static let maxVariableLength = 1_024
    static let maxNameLength = 256

    public let pipeline: Pipeline
    public let normalizer: PhoneNormalizer
    public let suppressed: Set<String>
    /// Opt-outs the contact history found in earlier runs' outcomes: phone → why, and which run found it.
    public let optedOut: [String: String]
    /// Forgotten people who stay out, by keyed hash of the phone (`campaign-history forget`).
    public let forgotten: ForgottenOptOuts

    /// The template's shape, when its text is known: a message WhatsApp would refuse as too long is rejected here.
    public let length: MessageLength?
    /// `language:`: each other language's shape, judged on the recipient's own language's body.
    let lengths: [String: MessageLength]
    /// `language:`: a cell (trimmed, without case) to its language code.
    let languages: [String: String]

    /// Worded once: a run can reject hundreds of thousands of phones.
    private let messages: (unparseable: String, invalid: String)

    public init(
        pipeline: Pipeline, suppressed: Set<String>, optedOut: [String: String] = [:], forgotten: ForgottenOptOuts = .none,
        template: MessageTemplate? = nil
    ) {
        self.length = template.map(MessageLength.init)
        var lengths: [String: MessageLength] = [:]
        for translation in template?.translations ?? [] { lengths[translation.language] = MessageLength(translation) }
        self.lengths = lengths
        self.languages =
            pipeline.language?.lookup(codes: pipeline.language?.codes(default: pipeline.template.language) ?? []) ?? [:]
        self.messages = (
            "not a phone number (region \(pipeline.region))",
            "not a \(pipeline.accept == .valid ? "valid" : "possible") number for region \(pipeline.region) or its country code"
        )
        self.pipeline = pipeline
        self.normalizer = PhoneNormalizer(region: pipeline.region, requireValid: pipeline.accept == .valid)
        self.suppressed = suppressed
        self.optedOut = optedOut
        self.forgotten = forgotten
    }

    public func check(_ record: IngestedRecord) -> Check {
        func reject(_ reason: RejectReason, field: String = "", value: String = "", _ message: String) -> Check {
            .reject(
                Reject(
                    id: record.id, source: record.source, record: record.record, line: record.line, reason: reason.rawValue,
                    field: field, value: value, message: message))
        }
        if let problem = record.reject {
            return .reject(
                Reject(
                    id: record.id, source: record.source, record: record.record, line: record.line,
                    reason: problem.reason.rawValue,
                    field: "", value: "", message: problem.message))
        }
        if let rule = self.pipeline.filter.first(where: { !$0.keeps(record.value($0.column)) }) {
            return reject(.filtered, field: rule.column, value: Self.shown(record.value(rule.column)), Self.filteredMessage(rule))
        }
        let phoneField = self.pipeline.mapping.phone
        let raw = record.value(phoneField) ?? ""
        let phone: String
        switch self.normalizer.normalize(raw) {
        case .ok(let e164): phone = e164
        case let outcome:
            return .reject(
                self.phoneReject(
                    outcome, raw: raw, present: record.value(phoneField) != nil,
                    id: record.id, source: record.source, record: record.record, line: record.line))
        }
        if let why = self.optOut(phone) {
            return reject(.suppressed, field: phoneField, value: raw, why)
        }
        var language: (code: String, fellBack: Bool)?
        if let choice = self.pipeline.language {
            language = choice.resolve(record.value(choice.column), in: self.languages)
            if language == nil {
                let shown = Self.shown(record.value(choice.column))
                return reject(.noLanguage, field: choice.column, value: shown, Self.noLanguageMessage(shown))
            }
        }
        var name: String?
        if let nameField = self.pipeline.mapping.name {
            let value = (record.value(nameField) ?? "").trimmedFast
            if let refusal = Self.nameRefusal(value) {
                return reject(refusal.reason, field: nameField, value: refusal.value, refusal.message)
            }
            name = value.isEmpty ? nil : value
        }
        var variables: [(key: String, value: String)] = []
        variables.reserveCapacity(self.pipeline.mapping.variables.count)
        for (key, source) in self.pipeline.mapping.variables {
            let value: String
            let fieldName: String
            switch source {
            case .constant(let constant):
                value = constant
                fieldName = "{value}"
            case .field(let path):
                value = (record.value(path) ?? "").trimmedFast
                fieldName = path
            }
            if value.isEmpty {
                return reject(.missingVariable, field: fieldName, value: "", "template variable {{\(key)}} is empty")
            }
            if let problem = Self.variableProblem(value) {
                return reject(
                    .badVariable, field: fieldName, value: Self.shown(value),
                    "template variable {{\(key)}} \(problem)")
            }
            if let control = ControlCharacters.first(in: value.utf8) {
                return reject(
                    .controlCharacter, field: fieldName, value: Self.shown(value),
                    "template variable {{\(key)}} contains the control character \(control)")
            }
            variables.append((key, value))
        }
        if let length = self.length(in: language?.code), let problem = MessageLength.problem(length.length(variables)) {
            return reject(.messageTooLong, language.map { "\(problem) (in \($0.code))" } ?? problem)
        }
        let recipient = ValidRecipient(
            phone: phone, name: name, variables: variables, source: record.source, record: record.record, id: record.id,
            language: language?.code, languageFallback: language?.fellBack ?? false)
        return .candidate(Candidate(recipient: recipient, key: Self.dedupeKey(phone.utf8), line: record.line, raw: raw))
    }

    /// The shape of the body a recipient in `language` gets (nil: the pipeline's one language).
    func length(in language: String?) -> MessageLength? {
        guard let language, language != self.pipeline.template.language else { return self.length }
        return self.lengths[language]
    }

    /// A cell as a reject row shows it: its first 64 characters, control characters made visible.
    static func shown(_ cell: String?) -> String {
        ControlCharacters.visible(String((cell ?? "").prefix(64)))
    }

    /// Why a record has no language when `language.fallback` is `reject`, for its (shown) cell.
    static func noLanguageMessage(_ shown: String) -> String {
        shown.isEmpty
            ? "the language is empty, and language.fallback is reject"
            : "'\(shown)' is no language of language.map nor a code of the template, and language.fallback is reject"
    }

    /// The reject message of a record `rule` left out; the dry run and the summary count by it.
    public static func filteredMessage(_ rule: FilterRule) -> String {
        "left out by filter: \(rule.description)"
    }

    /// Why `phone` may not be messaged: a suppression list, an opt-out in the history, a phone forgotten; nil: it may.
    func optOut(_ phone: String) -> String? {
        if !self.suppressed.isEmpty && self.suppressed.contains(phone) { return "on the suppression list (opt-out)" }
        if !self.optedOut.isEmpty, let why = self.optedOut[phone] { return why }
        if !self.forgotten.isEmpty, let why = self.forgotten.reason(for: phone) { return why }
        return nil
    }

    /// Why a recipient's (trimmed) name cannot go into a message, with the value to show; nil: it can.
    static func nameRefusal(_ value: String) -> (reason: RejectReason, value: String, message: String)? {
        if let control = ControlCharacters.first(in: value.utf8) {
            return (
                .controlCharacter, Self.shown(value),
                "the name contains the control character \(control)"
            )
        }
        if let problem = Self.nameProblem(utf8: value.utf8, characters: { value.count }) {
            return (.badName, String(value.prefix(64)) + "…", problem)
        }
        return nil
    }

    /// Why a phone that did not normalise is rejected; `present` is false when the record has no such field.
    func phoneReject(
        _ outcome: PhoneNormalizer.Verdict, raw: String, present: Bool,
        id: Int, source: String, record: Int, line: Int
    ) -> Reject {
        let field = self.pipeline.mapping.phone
        let reason: RejectReason
        let message: String
        switch outcome {
        case .ok, .missing:
            reason = .missingPhone
            message = present ? "the phone is empty" : "the record has no field '\(field)'"
        case .unparseable:
            reason = .invalidPhone
            message = self.messages.unparseable
        case .invalid:
            reason = .invalidNumber
            message = self.messages.invalid
        }
        return Reject(
            id: id, source: source, record: record, line: line, reason: reason.rawValue, field: field, value: raw,
            message: message)
    }

    /// E.164 is "+" and at most 15 digits, the first never 0: as a number it is unique
    /// and fits 50 bits.
    static func dedupeKey(_ e164: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in e164 where byte >= 0x30 && byte <= 0x39 {
            value = value &* 10 &+ UInt64(byte - 0x30)
        }
        return value
    }

    // The rules on a value are defined once, on its UTF-8 bytes, so that
    // `check` (on strings) and `PlainRecordCheck` (on the bytes of a line) call
    // the very same code. `characters` counts the text's characters, asked only
    // when the bytes alone cannot settle the length: a text with no more UTF-8
    // bytes than the limit cannot have more characters.

    @inline(__always)
    static func nameProblem<Bytes: Collection<UInt8>>(utf8 value: Bytes, characters: () -> Int) -> String? {
        value.count > Self.maxNameLength && characters() > Self.maxNameLength
            ? "the name is longer than \(Self.maxNameLength) characters" : nil
    }

    @inline(__always)
    static func variableProblem(_ value: String) -> String? {
        Self.variableProblem(utf8: value.utf8, characters: { value.count })
    }

    /// WhatsApp refuses body parameters with newlines, tabs, more than four
    /// spaces in a row, or over 1,024 characters.
    @inline(__always)
    static func variableProblem<Bytes: Collection<UInt8>>(utf8 value: Bytes, characters: () -> Int) -> String? {
        if value.count > Self.maxVariableLength && characters() > Self.maxVariableLength {
            return "is longer than \(Self.maxVariableLength) characters"
        }
        var spaces = 0
        for byte in value {
            switch byte {
            case 0x0A, 0x0D: return "contains a line break, which WhatsApp refuses"
            case 0x09: return "contains a tab, which WhatsApp refuses"
            case 0x20:
                spaces += 1
                if spaces > 4 { return "has more than four spaces in a row, which WhatsApp refuses" }
            default: spaces = 0
            }
        }
        return nil
    }
}
