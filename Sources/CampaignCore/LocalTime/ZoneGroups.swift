import CubeAPI
import Foundation
import RecipientIO

/// `schedule.local_time`: the run's recipients grouped by the time zone of
/// their number's region, each group with the window that holds there and
/// when its part would start. A region of one zone uses it; a region of
/// several uses the part of the window that holds in all of them; a number
/// whose region has no zone known keeps `schedule.timezone`.
public struct ZoneGroup: Sendable, Equatable {
    public var window: LocalWindow
    /// Regions in the group, and recipients of each.
    public var regions: [String: Int]
    public var recipients: Int
    /// When its part would start if planned at the moment asked; nil: at once.
    public var opensAt: Date?
}

/// Which group each recipient of `recipients.ndjson` is in, in the file's order: the planner
/// cuts each group's recipients into parts of their own, and the report finds a recipient's
/// part from it (`recipients.zones`).
public struct ZoneAssignment: Sendable {
    public var groups: [ZoneGroup]
    /// One entry a recipient line: the index of its group in `groups`.
    public var members: [UInt16]
}

public enum ZoneGroups {
    public static func plan(_ run: RunDirectory, schedule: Pipeline.ScheduleSpec, at moment: Date) throws -> [ZoneGroup] {
        try self.assign(run, schedule: schedule, at: moment).groups
    }

    /// Groups in the order their first recipient appears; a region's window is worked out once.
    public static func assign(_ run: RunDirectory, schedule: Pipeline.ScheduleSpec, at moment: Date) throws -> ZoneAssignment {
        guard !RegionZones.table.isEmpty else {
            throw CampaignError(.config, "\(RegionZones.path) cannot be read: no region's zones are known",
                                hint: "install tzdata (apt-get install tzdata), or remove schedule.local_time")
        }
        let regions = PhoneRegions()
        var groupOfRegion: [String: UInt16] = [:]
        var groups: [ZoneGroup] = []
        var members: [UInt16] = []
        let reader = NDJSONReader(source: try FileSource(path: run.recipients), name: run.recipients, maxDepth: 4, maxStringBytes: 1 << 20)
        while let line = try reader.next() {
            guard let phone = line.fields.first(where: { $0.name == "phone" })?.value else {
                throw CampaignError(.dataError, "\(run.recipients):\(line.line): a recipient without a phone",
                                    hint: "run campaign-validate again for this run directory")
            }
            let region = regions.region(phone) ?? "?"
            let group: UInt16
            if let known = groupOfRegion[region] {
                group = known
            } else {
                let zones = RegionZones.table[region] ?? [schedule.timezone]
                let window = LocalWindow.of(zones: zones, start: schedule.windowStart, end: schedule.windowEnd, at: moment)
                    ?? LocalWindow(zone: schedule.timezone, start: schedule.windowStart, end: schedule.windowEnd, zones: 1, note: nil)
                if let index = groups.firstIndex(where: { $0.window == window }) {
                    group = UInt16(index)
                } else {
                    guard groups.count < Int(UInt16.max) else {
                        throw CampaignError(.dataError, "more than \(UInt16.max) zone groups", hint: "this is a bug: report it")
                    }
                    group = UInt16(groups.count)
                    groups.append(ZoneGroup(window: window, regions: [:], recipients: 0, opensAt: window.opening(after: moment)))
                }
                groupOfRegion[region] = group
            }
            groups[Int(group)].regions[region, default: 0] += 1
            groups[Int(group)].recipients += 1
            members.append(group)
        }
        return ZoneAssignment(groups: groups, members: members)
    }

    /// One line a group: who, where, which hours, and when its part would go.
    public static func describe(_ groups: [ZoneGroup]) -> [String] {
        groups.map { group in
            let regions = group.regions.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let when = group.opensAt.map { date -> String in
                let zone = TimeZone(identifier: group.window.zone) ?? TimeZone(identifier: "UTC") ?? .current
                return "at \(Timestamp.utc(date)) (\(Timestamp.local(date, in: zone)) \(group.window.zone))"
            } ?? "at once"
            return "  \(group.recipients) recipients (\(regions)): \(group.window.hours) \(group.window.zone), \(when)"
                + (group.window.note.map { "; \($0)" } ?? "")
        }
    }
}
