public import ArtifactText

/// Why a reader could not take a record apart (a ragged row, a field past the
/// limit, bad JSON). Open, like swift-nio's vocabularies: a new reader may add
/// a reason with one more constant. The raw value is what `ingested.ndjson`,
/// `rejects.csv` and the report say.
public struct RecordRejectReason: StringVocabulary, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// A CSV row with another number of fields than the header.
    public static let raggedRow = RecordRejectReason(rawValue: "ragged_row")
    /// A field that is not valid UTF-8 after decoding (the file's encoding is wrong).
    public static let invalidEncoding = RecordRejectReason(rawValue: "invalid_encoding")
    public static let fieldTooLarge = RecordRejectReason(rawValue: "field_too_large")
    public static let recordTooLarge = RecordRejectReason(rawValue: "record_too_large")
    public static let tooManyFields = RecordRejectReason(rawValue: "too_many_fields")
    public static let invalidJSON = RecordRejectReason(rawValue: "invalid_json")
}
