/// How often one person may be messaged (`frequency_cap` in the pipeline): at
/// most `count` messages in any `hours`, of the same template or of any, on
/// the same account. Counted from the contact history, so it holds across runs,
/// folders and machines that share the store.
public struct FrequencyCap: Sendable, Equatable {
    public struct Limit: Sendable, Equatable, CustomStringConvertible {
        public var count: Int
        public var hours: Int

        public init(count: Int, hours: Int) {
            self.count = count
            self.hours = hours
        }

        /// `1/7d`, `2/24h`: a count from 1, a slash, a whole number of hours or days.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let count = Int(parts[0]), count >= 1, let part = parts[1].last,
                let amount = Int(parts[1].dropLast()), amount >= 1, amount <= 24 * 366
            else { return nil }
            switch part {
            case "h": self.hours = amount
            case "d" where amount <= 366: self.hours = amount * 24
            default: return nil
            }
            self.count = count
        }

        public var description: String {
            "\(self.count)/" + (self.hours % 24 == 0 ? "\(self.hours / 24)d" : "\(self.hours)h")
        }
    }

    public var sameTemplate: Limit?
    public var anyTemplate: Limit?

    public init(sameTemplate: Limit? = nil, anyTemplate: Limit? = nil) {
        self.sameTemplate = sameTemplate
        self.anyTemplate = anyTemplate
    }

    public var isEmpty: Bool { self.sameTemplate == nil && self.anyTemplate == nil }

    /// The longest period: how far back the history is asked.
    public var longestHours: Int { max(self.sameTemplate?.hours ?? 0, self.anyTemplate?.hours ?? 0) }
}
