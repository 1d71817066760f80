import CubeAPI
import Foundation
import RunArtifacts

/// A paced plan (`pace:`) taken up again after its schedule has passed: a submit that stopped after
/// the canary and ran again hours later would otherwise start every overdue part at once, in one
/// hour and before the canary could be judged. The parts nothing can exist for yet get new starts
/// from now by the same rules as the plan's: the canary first, the rest no sooner than the last
/// canary's start plus the wait, at most `per_hour` recipients starting in any UTC hour, counting
/// the parts that already exist where the API says they start.
enum PacedResume {
    /// How far behind its schedule the plan is: the earliest start of a part still to be asked for
    /// that may still change, against `now`; nil when nothing is late by more than the send
    /// window's margin (the plan is on time, and no key changes).
    static func lateness(_ parts: [JournalState.Part], plan: BatchPlan, now: Date) -> TimeInterval? {
        let planned = Timestamp.parse(plan.plannedAt) ?? now
        let starts = parts.filter(Self.movable).map { $0.scheduledAt.flatMap { Timestamp.parse($0) } ?? planned }
        guard let earliest = starts.min(), now.timeIntervalSince(earliest) > SendWindow.margin else { return nil }
        return now.timeIntervalSince(earliest)
    }

    /// A part that has not been asked for (or was refused, or an operator said resend), and is one
    /// of the plan's own parts: a piece of a tier split keeps the day the daily limit gave it.
    static func movable(_ part: JournalState.Part) -> Bool {
        SubmitStage.needsSending(part.status) && JournalState.mayChangeRequest(part) && part.id == String(part.batch)
    }

    /// The new start of each movable part (UTC; nil: at once), in send order. `started` says when
    /// each part that exists starts or started (the API's `scheduled_at`, else its `created_at`).
    static func starts(
        _ parts: [JournalState.Part], plan: BatchPlan, pace: PaceSpec, started: [String: Date], now: Date
    ) throws -> [(part: String, start: String?)] {
        var schedule = PacedSchedule(pace)
        var canaryStarts: [Date] = []
        var movable: [Int: [JournalState.Part]] = [:]
        for part in parts {
            let canary = plan.batch(part.batch)?.canary == true
            if Self.movable(part) {
                movable[plan.batch(part.batch)?.group ?? 0, default: []].append(part)
                continue
            }
            if case .cancelled = part.status { continue }
            // Exists (or may): it starts where the API says, or, not asked yet, where its request says (now at the soonest).
            let start = started[part.id] ?? max(now, part.scheduledAt.flatMap { Timestamp.parse($0) } ?? now)
            if canary { canaryStarts.append(start) } else { schedule.occupy(start, count: part.count) }
        }
        var opens: [Int: Date?] = [:]
        for (group, members) in movable {
            guard let first = members.first else { continue }
            let window = try plan.sendWindow(of: first.batch)
            guard let opening = window.earliestStart(from: now) else { throw window.noOpening(for: "part \(first.id)") }
            opens[group] = opening > now ? opening : nil
            // A canary still to be asked for starts when its create is answered, a little after `now`:
            // the window's margin covers that, so the rest never wait less than the whole wait.
            if members.contains(where: { plan.batch($0.batch)?.canary == true }) {
                canaryStarts.append(opening.addingTimeInterval(SendWindow.margin))
            }
        }
        let gate = pace.canary == nil ? nil : canaryStarts.max().map { $0.addingTimeInterval(pace.canaryWait) }
        var moves: [(part: String, start: String?)] = []
        for group in movable.keys.sorted() {
            guard let members = movable[group], let first = members.first else { continue }
            let window = try plan.sendWindow(of: first.batch)
            let starts = try schedule.starts(
                of: members.map { ($0.count, plan.batch($0.batch)?.canary == true) }, opens: opens[group] ?? nil,
                moment: now, window: window, group: "part \(first.id)", gate: gate, notBefore: gate)
            moves += zip(members, starts).map { ($0.id, $1) }
        }
        let order = Dictionary(uniqueKeysWithValues: parts.enumerated().map { ($1.id, $0) })
        return moves.sorted { (order[$0.part] ?? 0) < (order[$1.part] ?? 0) }
    }
}
