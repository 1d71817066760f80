internal import Yams

extension NodeReader {
    /// `pace: {canary: 5% | 500, canary_wait: 2h, per_hour: 20000}`; any of the three alone.
    func paceSpec(_ node: Node?, schedule: Pipeline.ScheduleSpec) throws -> PaceSpec? {
        guard let node else { return nil }
        guard let fields = node.mapping else {
            throw self.fail(node, "pace must be a mapping", hint: "pace: {canary: 5%, canary_wait: 2h, per_hour: 20000}")
        }
        var canary: PaceSpec.Canary?
        if let value = try self.string(fields[.canary]) {
            if value.hasSuffix("%"), let share = Double(value.dropLast()), share > 0, share < 100 {
                canary = .share(share / 100)
            } else if let count = Int(value), count > 0 {
                canary = .count(count)
            } else {
                throw self.fail(fields[.canary], "pace.canary must be a share above 0% and below 100% (5%) or a count (500)")
            }
        }
        var wait: Double?
        if let value = try self.string(fields[.canaryWait]) {
            guard let seconds = PaceSpec.duration(value), seconds > 0, seconds <= 7 * 86_400 else {
                throw self.fail(fields[.canaryWait], "pace.canary_wait must be a wait of at most 7 days such as 2h, 90m or 1h30m")
            }
            guard canary != nil else {
                throw self.fail(fields[.canaryWait], "pace.canary_wait waits for a canary: set pace.canary too")
            }
            wait = seconds
        }
        var perHour: Int?
        if let value = try self.string(fields[.perHour]) {
            guard let count = Int(value), count > 0 else {
                throw self.fail(fields[.perHour], "pace.per_hour must be a count of recipients above 0 (20000)")
            }
            perHour = count
        }
        guard canary != nil || perHour != nil else {
            throw self.fail(node, "pace needs canary or per_hour", hint: "pace: {canary: 5%, canary_wait: 2h, per_hour: 20000}")
        }
        return PaceSpec(canary: canary, canaryWait: wait, perHour: perHour)
    }
}
