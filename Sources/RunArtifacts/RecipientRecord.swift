/// One line of `recipients.ndjson`: a valid recipient as validate wrote it, in input order.
public struct RecipientRecord: Sendable, Equatable {
    /// E.164 with its `+`.
    public var phone: String
    public var name: String?
    /// In the order validate wrote them (the mapping's order).
    public var variables: [(key: String, value: String)]
    /// The input file and the record's number in it: the report's join key.
    public var source: String
    public var record: Int
    /// The run-wide record id ingest gave it (`ingested.ndjson`'s `id`): the
    /// report's join key. Nil on a line written before ids existed, which the
    /// report joins by source and record instead.
    public var id: Int?
    /// The template language validate chose for the recipient (`language:`); nil when the pipeline
    /// picks none, and then the line is as every release before languages wrote it.
    public var language: String?
    /// The cell was empty or matched nothing, so `language` is the pipeline's fallback.
    public var languageFallback = false

    public init(
        phone: String, name: String?, variables: [(key: String, value: String)], source: String, record: Int, id: Int? = nil,
        language: String? = nil, languageFallback: Bool = false
    ) {
        self.phone = phone
        self.name = name
        self.variables = variables
        self.source = source
        self.record = record
        self.id = id
        self.language = language
        self.languageFallback = languageFallback
    }

    public static func == (a: RecipientRecord, b: RecipientRecord) -> Bool {
        a.phone == b.phone && a.name == b.name && a.source == b.source && a.record == b.record && a.id == b.id
            && a.language == b.language && a.languageFallback == b.languageFallback
            && a.variables.map(\.key) == b.variables.map(\.key) && a.variables.map(\.value) == b.variables.map(\.value)
    }
}
