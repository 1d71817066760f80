/// An open vocabulary of names kept as their string (a campaign status, a
/// reject reason, a header): a value we do not know yet is kept, not refused.
/// Conforming types get their JSON form (a bare string) and description here,
/// once, instead of each writing the same single-value coding.
public protocol StringVocabulary: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension StringVocabulary {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    public var description: String { self.rawValue }
}
