import CubeAPI
import Foundation
import RunArtifacts

/// When each part of a paced plan (`pace:`) starts. A group's canary parts go at the group's own
/// start; the rest wait `canary_wait` after it, then go at most `per_hour` recipients in any clock
/// hour (UTC hours, counted across every group of the run), an hour apart, each inside the group's
/// send window (a start outside it moves to the window's next opening, the next day's if need be).
/// A pure function of the plan's parts and `planned_at`, like every start of a plan: a rerun asks
/// for the very same campaigns.
struct PacedSchedule {
    let pace: PaceSpec
    /// Recipients started in each UTC clock hour (seconds since 1970 / 3600), outside the canaries.
    private var used: [Int: Int] = [:]

    init(_ pace: PaceSpec) { self.pace = pace }

    /// Counts a part that already starts at `date` (a paced plan resumed late, `PacedResume`).
    mutating func occupy(_ date: Date, count: Int) {
        self.used[Self.hour(date), default: 0] += count
    }

    /// One group's parts' starts, in order (UTC; nil: at once). `opens` is the group's own start
    /// (nil: at once, at `moment`).
    /// `gate`: no part after a canary starts before it (the last group's canary start plus the
    /// wait), so the one judgement of the whole canary comes before any other part of any group.
    /// `notBefore`: no part after a canary starts before it, whether or not these parts hold one (a
    /// resumed plan whose canary exists already).
    mutating func starts(
        of parts: [(count: Int, canary: Bool)], opens: Date?, moment: Date, window: SendWindow, group: String,
        gate: Date? = nil, notBefore: Date? = nil
    ) throws -> [String?] {
        let base = opens ?? moment
        let hasCanary = parts.contains { $0.canary }
        var next = max(base.addingTimeInterval(hasCanary ? self.pace.canaryWait : 0), hasCanary ? gate ?? base : base)
        if let notBefore { next = max(next, notBefore) }
        var starts: [String?] = []
        for part in parts {
            guard !part.canary else {
                starts.append(opens.map(Timestamp.utc))
                continue
            }
            var start = try Self.inside(window, from: next, group: group)
            if let perHour = self.pace.perHour {
                // An hour already holding another group's part cannot take this one whole: the next hour.
                while self.used[Self.hour(start), default: 0] + part.count > perHour {
                    start = try Self.inside(window, from: start.addingTimeInterval(3_600), group: group)
                }
                self.used[Self.hour(start), default: 0] += part.count
                next = start.addingTimeInterval(3_600)
            }
            starts.append(start == moment ? nil : Timestamp.utc(start))
        }
        return starts
    }

    /// `date` when the window holds it (and its first minutes), else the window's next opening.
    static func inside(_ window: SendWindow, from date: Date, group: String) throws -> Date {
        guard let start = window.earliestStart(from: date) else { throw window.noOpening(for: group) }
        return start
    }

    static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 3_600).rounded(.down)) }
}
