import ArtifactText
import CubeAPI
import Foundation
import RunArtifacts

/// The groups a run's recipients are cut in when a part cannot hold just any of them: one per zone
/// group (`schedule.local_time`, each starting at its own window's opening), one per language
/// (`language:`, since a create names exactly one `template_language`), or one per zone group and
/// language with both. Each group is laid out and cut on its own (`ZoneLayout`).
enum PartGroups {
    /// What a grouped plan is made of: each recipient's group, the groups, and when each opens (UTC; nil at once).
    struct Grouping {
        var members: [UInt16]
        var groups: [BatchPlan.Group]
        var opens: [String?]
    }

    /// The groups of `existing` when it is a grouped plan with its `recipients.zones` (which must
    /// hash to the plan's digest); worked out afresh when there is no such plan or file.
    static func grouping(
        _ run: RunDirectory, lines: RecipientLines, pipeline: Pipeline, at moment: Date, keeping existing: BatchPlan?
    ) throws -> Grouping {
        if let existing, existing.order == BatchPlan.zoneOrder, let groups = existing.groups,
            run.exists(run.file(ZoneIndex.file))
        {
            let members = try ZoneIndex.members(run, plan: existing)
            let opens = groups.indices.map { existing.scheduledAt(ofGroup: $0) }
            return Grouping(members: members, groups: groups, opens: opens)
        }
        let language: ((Int) throws -> String?)? =
            pipeline.language == nil ? nil : { try lines.language($0) ?? pipeline.template.language }
        guard pipeline.schedule.localTime else {
            return try Self.byLanguage(lines, pipeline: pipeline, at: moment, language: language ?? { _ in nil })
        }
        let assignment = try ZoneGroups.assign(lines, schedule: pipeline.schedule, at: moment, language: language)
        let groups = assignment.groups.map { group in
            BatchPlan.Group(
                zone: group.window.zone, zones: group.window.zones, window: group.window.hours, regions: group.regions,
                recipients: group.recipients, note: group.window.note, language: group.language, skipped: group.skipped)
        }
        return Grouping(
            members: assignment.members, groups: groups, opens: assignment.groups.map { $0.opensAt.map(Timestamp.utc) })
    }

    /// `language:` alone: a group per language, in the order each first appears, all on the pipeline's
    /// clock and window and starting together, as a one-language run would.
    static func byLanguage(
        _ lines: RecipientLines, pipeline: Pipeline, at moment: Date, language: (Int) throws -> String?
    ) throws -> Grouping {
        let window = SendWindow(schedule: pipeline.schedule)
        let start = try BatchPlan.start(pipeline: pipeline, at: moment)
        var groupOf: [String: UInt16] = [:]
        var groups: [BatchPlan.Group] = []
        var members: [UInt16] = []
        members.reserveCapacity(lines.count)
        for line in 0..<lines.count {
            let code = try language(line) ?? pipeline.template.language
            let group: UInt16
            if let known = groupOf[code] {
                group = known
            } else {
                group = UInt16(truncatingIfNeeded: groups.count)
                groupOf[code] = group
                groups.append(
                    BatchPlan.Group(
                        zone: pipeline.schedule.timezone, zones: [pipeline.schedule.timezone], window: window.hours,
                        regions: [:], recipients: 0, language: code))
            }
            groups[Int(group)].recipients += 1
            members.append(group)
        }
        return Grouping(members: members, groups: groups, opens: groups.map { _ in start })
    }
}
