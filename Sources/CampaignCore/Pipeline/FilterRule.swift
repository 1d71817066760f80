import RecipientIO

/// One condition of `filter:`: a record is kept only when every rule keeps it. A record left out
/// is not a data problem (it was never meant for this campaign), so it is counted as `filtered`,
/// never in `fix.csv` nor against `reject_limit`.
public struct FilterRule: Sendable, Equatable {
    public enum Test: String, Sendable, CaseIterable {
        /// Kept when the cell is one of the values.
        case `in`
        /// Kept when the cell is none of the values (an empty or missing cell is kept unless "" is listed).
        case notIn = "not_in"
    }

    public var column: String
    public var test: Test
    /// As written, for messages and the dry run.
    public var values: [String]
    /// The values as compared: trimmed and case-folded once.
    private let folded: Set<String>

    public init(column: String, test: Test, values: [String]) {
        self.column = column
        self.test = test
        self.values = values
        self.folded = Set(values.map(Self.fold))
    }

    /// `City in [Riyadh, Jeddah]`: how the rule is named in rejects, the summary and the dry run.
    public var description: String {
        "\(self.column) \(self.test.rawValue) [\(self.values.joined(separator: ", "))]"
    }

    /// Whether a record whose cell is `value` (nil: the record has no such field) stays in.
    public func keeps(_ value: String?) -> Bool {
        let matched = self.folded.contains(Self.fold(value ?? ""))
        return self.test == .in ? matched : !matched
    }

    /// Trimmed and compared without case, in the sense of the cell's own script (`Riyadh`, `RIYADH ` are one).
    static func fold(_ value: String) -> String {
        value.trimmedFast.lowercased()
    }

    public static func == (a: FilterRule, b: FilterRule) -> Bool {
        a.column == b.column && a.test == b.test && a.values == b.values
    }
}
