public import Foundation

/// `pace:`: a small first part (the canary), the rest only after it went well, and at most so many
/// an hour. Meta pauses a marketing template whose early recipients block it, and support teams
/// ask for replies spread over the day: both want the parts of a run apart in time, not together.
public struct PaceSpec: Sendable, Equatable {
    public enum Canary: Sendable, Equatable {
        /// A share of each group's recipients, rounded up.
        case share(Double)
        /// So many of the run's recipients, shared among its groups in proportion.
        case count(Int)
    }

    public var canary: Canary?
    /// No other part starts before the canary's start plus this long.
    public var canaryWait: TimeInterval
    /// After the canary, at most this many recipients start in any clock hour (UTC).
    public var perHour: Int?

    /// A canary without `canary_wait` waits this long: one that starts with everyone else decides nothing.
    public static let defaultCanaryWait: TimeInterval = 3600

    /// `max_failure_rate` when a canary is set and the pipeline names none.
    public static let defaultCanaryFailureRate = 0.2

    public init(canary: Canary?, canaryWait: TimeInterval?, perHour: Int?) {
        self.canary = canary
        self.canaryWait = canaryWait ?? (canary == nil ? 0 : Self.defaultCanaryWait)
        self.perHour = perHour
    }

    /// How many of a group of `count` (of `total` in the run) go in its canary.
    public func canarySize(group count: Int, total: Int) -> Int {
        switch self.canary {
        case nil: return 0
        // Less a hair, so that 7% of 100 is 7, not 8 by the float's error.
        case .share(let share): return min(count, Int((share * Double(count) - 1e-9).rounded(.up)))
        case .count(let wanted):
            guard total > 0 else { return 0 }
            return min(count, Int((Double(wanted) * Double(count) / Double(total)).rounded(.up)))
        }
    }

    /// A group's parts, in order: its canary's, then the rest's (each at most `per_hour` and `batch_size`).
    public func sizes(group count: Int, total: Int, batchSize: Int) -> [(count: Int, canary: Bool)] {
        var sizes: [(count: Int, canary: Bool)] = []
        var left = count
        var canary = self.canarySize(group: count, total: total)
        left -= canary
        while canary > 0 {
            let take = min(batchSize, canary)
            sizes.append((take, true))
            canary -= take
        }
        let part = min(batchSize, self.perHour ?? batchSize)
        while left > 0 {
            let take = min(part, left)
            sizes.append((take, false))
            left -= take
        }
        return sizes
    }

    /// `2h`, `90m`, `1h30m`, `45s`: a wait as the pipeline writes it; nil when it is none of those.
    public static func duration(_ text: String) -> TimeInterval? {
        var total: TimeInterval = 0
        var number = ""
        var seen = false
        for character in text.trimmingCharacters(in: .whitespaces) {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "d": total += value * 86_400
            case "h": total += value * 3_600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
            seen = true
        }
        return seen && number.isEmpty ? total : nil
    }
}
