import ArtifactText
import Crypto
import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts

/// `plan.json`: the batches a run sends, fixed before the first create, with a
/// deterministic idempotency key each, so a rerun asks for the very same campaigns.
public struct BatchPlan: Codable, Sendable, Equatable {
    public struct Batch: Codable, Sendable, Equatable {
        public var index: Int
        /// Position of the batch's first recipient among all of `recipients.ndjson`.
        public var start: Int
        /// Byte offset of that recipient's line, to seek to it.
        public var byteOffset: Int64
        public var count: Int
        public var digest: String
        public var idempotencyKey: String
        public var name: String
        /// When the campaign starts, UTC (`2027-03-28T08:00:00Z`); nil: at once.
        public var scheduledAt: String?
        /// `schedule.local_time`: the zone group it goes to, that group's clock and the window on it
        /// (`14:00-21:00` America/New_York for the US); nil: the plan's zone and window.
        public var group: Int?
        public var zone: String?
        public var window: String?

        enum CodingKeys: String, CodingKey {
            case index, start, count, digest, name, group, zone, window
            case byteOffset = "byte_offset"
            case idempotencyKey = "idempotency_key"
            case scheduledAt = "scheduled_at"
        }
    }

    public var runId: String
    public var pipeline: String
    public var account: String
    public var template: String
    public var language: String
    public var params: [String]
    public var timezone: String
    /// `09:00-21:00`: no campaign of the run starts outside it.
    public var window: String
    public var batchSize: Int
    /// The moment the schedule was worked out for (now, or `--dry-run --at`): the
    /// plan is a function of the pipeline, the recipients and this, so it can be rebuilt.
    public var plannedAt: String
    public var recipients: Int
    public var batches: [Batch]
    /// `zone` (`schedule.local_time`): `start` and `byte_offset` are places in
    /// `recipients.zoned.ndjson`, where each group's recipients follow each other, and
    /// `recipients.zones` (whose SHA-256 this is) says which group each recipient is in; nil:
    /// places in `recipients.ndjson` itself.
    public var order: String?
    public var zoneIndexDigest: String?
    /// The zone groups of `order: zone`, by the index batches name in `group`.
    public var groups: [Group]?

    /// A zone group as planned: every zone its window must hold in (the first is the clock it is
    /// told on), the hours that held at `planned_at`, and who is in it.
    public struct Group: Codable, Sendable, Equatable {
        public var zone: String
        public var zones: [String]
        public var window: String
        public var regions: [String: Int]
        public var recipients: Int
        /// Why its hours differ from the pipeline's, or why its zone is the pipeline's.
        public var note: String?
    }

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case batchSize = "batch_size"
        case plannedAt = "planned_at"
        case zoneIndexDigest = "zone_index_digest"
        case order, groups
        case pipeline, account, template, language, params, timezone, window, recipients, batches
    }

    public static let maxNameLength = 120

    /// `offer-reminder · run-42 · part 2/3`, shortened from the pipeline name's end to fit 120 characters.
    public static func campaignName(pipeline: String, runId: String, part: String, of total: Int) -> String {
        let suffix = " · \(runId) · part \(part)/\(total)"
        let room = max(0, Self.maxNameLength - suffix.count)
        var name = String(pipeline.prefix(room)) + suffix
        if name.count > Self.maxNameLength { name = String(name.suffix(Self.maxNameLength)) }
        return name
    }

    /// The campaign name of a unit (a batch, or a part of one the tier limit split).
    public func campaignName(unit: String) -> String {
        Self.campaignName(pipeline: self.pipeline, runId: self.runId, part: unit, of: self.batches.count)
    }

    /// Batch `index` (numbered from 1 in order, so found at its place; searched for otherwise).
    public func batch(_ index: Int) -> Batch? {
        if self.batches.indices.contains(index - 1), self.batches[index - 1].index == index { return self.batches[index - 1] }
        return self.batches.first { $0.index == index }
    }

    /// The request of a unit (a batch, or a part of one the tier limit split): the one value its
    /// create and its idempotency key are both made from (`PartRequest`).
    public func request(unit: String, batch index: Int, offset: Int, count: Int, scheduledAt: String?) -> PartRequest {
        self.request(unit: unit, batch: self.batch(index), offset: offset, count: count, scheduledAt: scheduledAt)
    }

    func request(unit: String, batch: Batch?, offset: Int, count: Int, scheduledAt: String?) -> PartRequest {
        PartRequest(
            pipeline: self.pipeline, runId: self.runId, account: self.account, template: self.template,
            language: self.language, params: self.params, name: self.campaignName(unit: unit), scheduledAt: scheduledAt,
            zone: batch?.zone ?? self.timezone, unit: unit, digest: batch?.digest ?? "", offset: offset, count: count,
            window: batch?.window)
    }

    /// The key of that request: no two different requests share one, and the same request always has the same.
    public func idempotencyKey(unit: String, batch index: Int, offset: Int, count: Int, scheduledAt: String?) -> String {
        self.request(unit: unit, batch: index, offset: offset, count: count, scheduledAt: scheduledAt).idempotencyKey
    }

    /// When zone group `group`'s first part was planned to start (UTC); nil: at once.
    public func scheduledAt(ofGroup group: Int) -> String? {
        self.batches.first { $0.group == group }?.scheduledAt
    }

    /// The hours a batch's campaign may start in, on its zone's clock: the plan's window, or its
    /// zone group's, worked out at each start (the group's zones drift apart with daylight saving).
    public func sendWindow(of index: Int) throws -> SendWindow {
        let damaged = CampaignError(
            .dataError, "\(RunFile.plan) names no usable zone or window for part \(index)",
            hint: "put back the \(RunFile.plan) this run was planned with, or start a new run directory")
        guard let batch = self.batch(index), let hours = SendWindow.hours(self.window) else { throw damaged }
        guard let group = batch.group else {
            guard let zone = TimeZone(identifier: self.timezone) else { throw damaged }
            return SendWindow(zone: zone, start: hours.start, end: hours.end)
        }
        guard let groups = self.groups, groups.indices.contains(group),
            groups[group].zone == batch.zone, groups[group].zones.first == batch.zone,
            let window = LocalWindow.sendWindow(zones: groups[group].zones, start: hours.start, end: hours.end)
        else { throw damaged }
        return window
    }

    /// The zone a batch's start is told in, as the plan names it (`TimeZone` may name a zone
    /// otherwise: `UTC` comes back as `GMT`, and the request must stay the one its key was made for).
    public func zone(of index: Int) -> String { self.batch(index)?.zone ?? self.timezone }

    /// The first thing that differs from `other`, in words, or nil when the plans are the same.
    public func difference(from other: BatchPlan) -> String? {
        func changed(_ what: String, _ old: String, _ new: String) -> String? {
            old == new ? nil : "\(what) was \(old.isEmpty ? "(none)" : old), now \(new.isEmpty ? "(none)" : new)"
        }
        let fields: [String?] = [
            changed("the pipeline name", other.pipeline, self.pipeline), changed("the account", other.account, self.account),
            changed("template.name", other.template, self.template), changed("template.language", other.language, self.language),
            changed("template.params", other.params.joined(separator: ", "), self.params.joined(separator: ", ")),
            changed("schedule.timezone", other.timezone, self.timezone), changed("schedule.window", other.window, self.window),
            changed("batch_size", String(other.batchSize), String(self.batchSize)),
            changed("schedule.local_time", other.order == nil ? "false" : "true", self.order == nil ? "false" : "true"),
            changed("the number of recipients", String(other.recipients), String(self.recipients)),
            changed("the number of parts", String(other.batches.count), String(self.batches.count)),
        ]
        if let first = fields.compactMap({ $0 }).first { return first }
        for (old, new) in zip(other.batches, self.batches) where old != new {
            if old.digest != new.digest || old.count != new.count { return "the recipients of part \(new.index) changed" }
            if old.zone != new.zone || old.window != new.window {
                return
                    "part \(new.index) was to go \(old.window ?? other.window) \(old.zone ?? other.timezone), now \(new.window ?? self.window) \(new.zone ?? self.timezone) (schedule.local_time)"
            }
            if old.scheduledAt != new.scheduledAt {
                return
                    "part \(new.index) was to start \(old.scheduledAt ?? "at once"), now \(new.scheduledAt ?? "at once") (schedule.at)"
            }
            return "part \(new.index) differs"
        }
        return self == other ? nil : "the plan differs"
    }

    /// The SHA-256 of the plan as written, so the journal can name the plan it belongs to.
    public func digest() throws -> String {
        Hashing.sha256Hex(String(decoding: try ArtifactJSON.encode(self), as: UTF8.self))
    }

    /// When the batches start, worked out for `moment`: `schedule.at` when the
    /// pipeline sets one, else at once when `moment` is inside the send window,
    /// else at the window's next opening.
    static func start(pipeline: Pipeline, at moment: Date) throws -> String? {
        let window = SendWindow(schedule: pipeline.schedule)
        if let at = pipeline.schedule.at, let date = Timestamp.parse(at, zone: window.zone) { return Timestamp.utc(date) }
        guard !window.startsNow(moment) else { return nil }
        guard let start = window.earliestStart(from: moment) else { throw window.noOpening(for: "the run") }
        return Timestamp.utc(start)
    }

    /// The value of `order` when the recipients are laid out by zone group.
    public static let zoneOrder = "zone"

    /// Cuts `recipients.ndjson` into batches and hashes each; the schedule is
    /// worked out for `moment` (whole seconds). With `schedule.local_time` each zone
    /// group is cut on its own and starts at its own window's opening.
    static func make(pipeline: Pipeline, run: RunDirectory, at moment: Date) throws -> BatchPlan {
        try self.build(pipeline: pipeline, run: run, at: moment).plan
    }

    /// The plan, and for `local_time` the layout its places refer to (written by whoever keeps the plan).
    ///
    /// `keeping`: the plan a started run was made with. Its zone groups (and `recipients.zones`, when
    /// it still hashes to the plan's digest) are taken as they are rather than worked out again, so
    /// a tzdata or libphonenumber update on this machine cannot change a run half sent; the
    /// recipients are still cut and hashed afresh, so any change to them shows.
    static func build(
        pipeline: Pipeline, run: RunDirectory, at moment: Date,
        keeping existing: BatchPlan? = nil
    ) throws -> (plan: BatchPlan, layout: ZoneLayout?) {
        try run.require(run.recipients, from: "campaign-validate")
        let plannedAt = Timestamp.utc(moment)
        let instant = Timestamp.parse(plannedAt) ?? moment
        let window = SendWindow(schedule: pipeline.schedule)
        var plan = BatchPlan(
            runId: run.runId, pipeline: pipeline.name, account: pipeline.account,
            template: pipeline.template.name, language: pipeline.template.language,
            params: pipeline.template.params, timezone: pipeline.schedule.timezone,
            window: window.hours, batchSize: pipeline.batchSize,
            plannedAt: plannedAt, recipients: 0, batches: [])
        var layout: ZoneLayout?
        if pipeline.schedule.localTime {
            let lines = try RecipientLines(path: run.recipients)
            let grouping = try ZoneGroups.grouping(run, lines: lines, schedule: pipeline.schedule, at: instant, keeping: existing)
            let zoned = try ZoneLayout.lay(
                lines, members: grouping.members, groups: grouping.groups.count, batchSize: pipeline.batchSize)
            plan.order = Self.zoneOrder
            plan.zoneIndexDigest = zoned.indexDigest
            plan.groups = grouping.groups
            plan.recipients = grouping.members.count
            plan.batches = zoned.cuts.enumerated().map { offset, cut in
                let group = grouping.groups[cut.group]
                return Batch(
                    index: offset + 1, start: cut.start, byteOffset: cut.byte, count: cut.count, digest: cut.digest,
                    idempotencyKey: "", name: "", scheduledAt: grouping.opens[cut.group],
                    group: cut.group, zone: group.zone, window: group.window)
            }
            layout = zoned
        } else {
            let cuts = try Self.cut(run.recipients, batchSize: pipeline.batchSize)
            let scheduled = try Self.start(pipeline: pipeline, at: instant)
            plan.recipients = cuts.last.map { $0.start + $0.count } ?? 0
            plan.batches = cuts.enumerated().map { offset, cut in
                Batch(
                    index: offset + 1, start: cut.start, byteOffset: cut.byte, count: cut.count, digest: cut.digest,
                    idempotencyKey: "", name: "", scheduledAt: scheduled)
            }
        }
        for position in plan.batches.indices {
            let batch = plan.batches[position]
            plan.batches[position].name = plan.campaignName(unit: String(batch.index))
            plan.batches[position].idempotencyKey =
                plan.request(
                    unit: String(batch.index), batch: batch, offset: 0, count: batch.count, scheduledAt: batch.scheduledAt
                ).idempotencyKey
        }
        return (plan, layout)
    }

    /// A batch's place, size and digest, before it has a number.
    struct Cut {
        var start: Int
        var byte: Int64
        var count: Int
        var digest: String
        var group = 0
    }

    /// Reads a recipients file once, a buffer at a time, cutting it into runs of `batchSize` lines and
    /// hashing each as it passes: memory stays at one buffer (mapping the file made its every page
    /// resident, the largest part of submit's peak). A last line without its end is refused.
    static func cut(_ path: String, batchSize: Int) throws -> [Cut] {
        let source = try FileSource(path: path)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        guard let base = chunk.baseAddress else { return [] }
        var cuts: [Cut] = []
        var hasher = IncrementalSHA256()
        var lines = 0
        var first = (line: 0, byte: Int64(0))
        var position: Int64 = 0
        var last: UInt8 = 0x0A
        while true {
            let read = try source.read(into: chunk)
            guard read > 0 else { break }
            var hashed = 0
            var from = 0
            while from < read, let found = memchr(base + from, 0x0A, read - from) {
                from = base.distance(to: UnsafeMutableRawPointer(found)) + 1
                lines += 1
                guard lines - first.line == batchSize else { continue }
                hasher.update(UnsafeRawBufferPointer(rebasing: chunk[hashed..<from]))
                hashed = from
                cuts.append(Cut(start: first.line, byte: first.byte, count: batchSize, digest: hasher.hex()))
                hasher = IncrementalSHA256()
                first = (lines, position + Int64(from))
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: chunk[hashed..<read]))
            last = chunk[read - 1]
            position += Int64(read)
        }
        guard last == 0x0A else {
            throw CampaignError(
                .dataError, "\(path): the last line has no end (a damaged artifact)",
                hint: "run campaign-validate again for this run directory")
        }
        if lines > first.line {
            cuts.append(Cut(start: first.line, byte: first.byte, count: lines - first.line, digest: hasher.hex()))
        }
        return cuts
    }
}

/// SHA-256 fed piece by piece (a batch's lines as they are read).
struct IncrementalSHA256 {
    private var hasher = SHA256()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        self.hasher.update(bufferPointer: bytes)
    }

    func hex() -> String {
        Hashing.hex(self.hasher.finalize())
    }
}
