/// Why a record is not sent, in words a marketer can act on.
public enum RejectReason: String, Sendable, CaseIterable {
    case missingPhone = "missing_phone"
    case invalidPhone = "invalid_phone"
    case invalidNumber = "invalid_number"
    case duplicate
    case suppressed
    case missingVariable = "missing_variable"
    case badVariable = "bad_variable"
    case badName = "bad_name"
    /// The template's body with this record's variables would pass WhatsApp's 1,024 characters.
    case messageTooLong = "message_too_long"
    /// A control character (C0, C1) or a bidi override in a name or variable: it would reach the
    /// message and whoever reads a preview of it.
    case controlCharacter = "control_character"
    /// Messaged as often as `frequency_cap` allows already.
    case frequencyCap = "frequency_cap"
    /// Left out by a rule of `filter:`: not meant for this campaign, nothing wrong with it.
    case filtered
    /// `language:` found no language for the cell and its fallback is `reject`.
    case noLanguage = "no_language"

    /// Reasons that say nothing is wrong with the data: they do not count
    /// against `reject_limit` (an opt-out list, a repeated row, a person messaged
    /// enough this week or a record the filter left out must not stop a run).
    public var countsAgainstLimit: Bool {
        self != .duplicate && self != .suppressed && self != .frequencyCap && self != .filtered
    }
}
