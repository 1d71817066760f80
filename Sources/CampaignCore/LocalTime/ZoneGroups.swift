import CubeAPI
public import Foundation
import RecipientIO
public import RunArtifacts
import Sysexits

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
    /// With `language:`, a zone group is one per language: the language of its recipients.
    public var language: String?
    /// Why the group gets no part (its window has no opening in the week ahead); nil: it is sent.
    public var skipped: String?
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
    /// A region's recipients in one language: the unit a group is made of.
    struct RegionInLanguage: Hashable {
        var region: String
        var language: String?
    }

    /// Groups in the order their first recipient appears; a region's window is worked out once.
    /// `language` (line → its language, `language:`) makes a group of each zone group and language.
    static func assign(
        _ lines: RecipientLines, schedule: Pipeline.ScheduleSpec, at moment: Date,
        language: ((Int) throws -> String?)? = nil
    ) throws -> ZoneAssignment {
        guard !RegionZones.table.isEmpty else {
            throw CampaignError(
                .config, "\(RegionZones.path) cannot be read: no region's zones are known",
                hint: "install tzdata (apt-get install tzdata), or remove schedule.local_time")
        }
        let regions = PhoneRegions()
        var groupOfRegion: [RegionInLanguage: UInt16] = [:]
        var windowOfRegion: [String: LocalWindow] = [:]
        var groups: [ZoneGroup] = []
        var members: [UInt16] = []
        members.reserveCapacity(lines.count)
        for line in 0..<lines.count {
            let phone = try lines.phone(line)
            let region = regions.region(phone) ?? "?"
            let key = RegionInLanguage(region: region, language: try language?(line))
            let group: UInt16
            if let known = groupOfRegion[key] {
                group = known
            } else {
                let window = try windowOfRegion[region] ?? Self.window(region: region, schedule: schedule, at: moment)
                windowOfRegion[region] = window
                if let index = groups.firstIndex(where: { $0.window == window && $0.language == key.language }) {
                    group = UInt16(index)
                } else {
                    guard groups.count < Int(UInt16.max) else {
                        throw CampaignError(.dataError, "more than \(UInt16.max) zone groups", hint: "this is a bug: report it")
                    }
                    group = UInt16(groups.count)
                    groups.append(try Self.group(window, language: key.language, at: moment))
                }
                groupOfRegion[key] = group
            }
            groups[Int(group)].regions[region, default: 0] += 1
            groups[Int(group)].recipients += 1
            members.append(group)
        }
        return ZoneAssignment(groups: groups, members: members)
    }

    /// A new group of `window`: when it opens, or, when it has no opening in the week ahead, why it is
    /// skipped (its recipients are reported `not_submitted`; the other groups go).
    static func group(_ window: LocalWindow, language: String?, at moment: Date) throws -> ZoneGroup {
        if let closed = window.closed {
            return ZoneGroup(window: window, regions: [:], recipients: 0, opensAt: nil, language: language, skipped: closed)
        }
        do {
            return ZoneGroup(
                window: window, regions: [:], recipients: 0, opensAt: try window.opening(after: moment), language: language)
        } catch let error as CampaignError where error.status == .config {
            return ZoneGroup(
                window: window, regions: [:], recipients: 0, opensAt: nil, language: language, skipped: error.message)
        }
    }

    /// A region's window: its zones' shared hours; a number placed in no region (or a region
    /// zone.tab does not list) keeps `schedule.timezone`, saying so. A region whose zones this
    /// system does not know is refused; one whose zones share no hour of the window gets a closed
    /// window (`closed`), and its group is skipped: sending it at any one zone's hours would break the
    /// window somewhere.
    static func window(region: String, schedule: Pipeline.ScheduleSpec, at moment: Date) throws -> LocalWindow {
        let hours = SendWindow.hours(schedule.windowStart, schedule.windowEnd)
        guard let zones = RegionZones.table[region] else {
            guard
                var fallback = LocalWindow.of(
                    zones: [schedule.timezone], start: schedule.windowStart, end: schedule.windowEnd, at: moment)
            else {
                throw CampaignError(
                    .config, "schedule.timezone \(schedule.timezone) is not a zone this system knows",
                    hint: "install tzdata (apt-get install tzdata)")
            }
            fallback.note =
                region == "?"
                ? "numbers placed in no region keep schedule.timezone"
                : "zone.tab lists no zone of \(region): schedule.timezone is used"
            return fallback
        }
        guard LocalWindow.sendWindow(zones: zones, start: schedule.windowStart, end: schedule.windowEnd) != nil else {
            throw CampaignError(
                .config,
                "the zones of \(region) in \(RegionZones.path) (\(zones.joined(separator: ", "))) are not all known to this system; nothing was planned",
                hint: "update tzdata and the toolchain's time zones together, or remove schedule.local_time")
        }
        guard let window = LocalWindow.of(zones: zones, start: schedule.windowStart, end: schedule.windowEnd, at: moment) else {
            // No part can go there; the region's recipients are skipped, and the other groups go.
            return LocalWindow(
                zone: zones.first ?? schedule.timezone, zones: zones, baseStart: schedule.windowStart,
                baseEnd: schedule.windowEnd, start: schedule.windowStart, end: schedule.windowEnd, note: nil,
                closed:
                    "no hour of schedule.window \(hours) holds in all \(zones.count) zones of \(region) (\(zones.first ?? "") to \(zones.last ?? "")) on any day of the next \(SendWindow.searchDays)"
            )
        }
        return window
    }

    /// One line a group of a grouped plan: who, where, in which language, which hours, and when its first part goes.
    public static func describe(_ plan: BatchPlan) -> [String] {
        (plan.groups ?? []).enumerated().map { index, group in
            let regions = group.regions.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let opens = plan.scheduledAt(ofGroup: index).flatMap { Timestamp.parse($0) }
            let when =
                opens.map { date -> String in
                    let zone = TimeZone(identifier: group.zone) ?? TimeZone(identifier: "UTC") ?? .current
                    return "at \(Timestamp.utc(date)) (\(Timestamp.local(date, in: zone)) \(group.zone))"
                } ?? "at once"
            let language = group.language.map { " in \($0)" } ?? ""
            let head = "  \(group.recipients) recipients\(regions.isEmpty ? "" : " (\(regions))")\(language): "
            if let skipped = group.skipped {
                return head + "SKIPPED, not sent: \(skipped)"
            }
            return head + "\(group.window) \(group.zone), \(when)" + (group.note.map { "; \($0)" } ?? "")
        }
    }
}
