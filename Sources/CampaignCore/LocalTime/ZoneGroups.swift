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

public enum ZoneGroups {
    public static func plan(_ run: RunDirectory, schedule: Pipeline.ScheduleSpec, at moment: Date) throws -> [ZoneGroup] {
        guard !RegionZones.table.isEmpty else {
            throw CampaignError(.config, "\(RegionZones.path) cannot be read: no region's zones are known",
                                hint: "install tzdata (apt-get install tzdata), or remove schedule.local_time")
        }
        let regions = PhoneRegions()
        var byRegion: [String: Int] = [:]
        var order: [String] = []
        let reader = NDJSONReader(source: try FileSource(path: run.recipients), name: run.recipients, maxDepth: 4, maxStringBytes: 1 << 20)
        while let line = try reader.next() {
            guard let phone = line.fields.first(where: { $0.name == "phone" })?.value else { continue }
            let region = regions.region(phone) ?? "?"
            if byRegion[region] == nil { order.append(region) }
            byRegion[region, default: 0] += 1
        }
        var groups: [ZoneGroup] = []
        for region in order {
            let zones = RegionZones.table[region] ?? [schedule.timezone]
            guard let window = LocalWindow.of(zones: zones, start: schedule.windowStart, end: schedule.windowEnd, at: moment) else { continue }
            let count = byRegion[region] ?? 0
            if let index = groups.firstIndex(where: { $0.window == window }) {
                groups[index].regions[region] = count
                groups[index].recipients += count
            } else {
                groups.append(ZoneGroup(window: window, regions: [region: count], recipients: count, opensAt: window.opening(after: moment)))
            }
        }
        return groups
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
