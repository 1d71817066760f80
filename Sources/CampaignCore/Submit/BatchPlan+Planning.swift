import ArtifactText
import Crypto
import CubeAPI
import Foundation
import RecipientIO
public import RunArtifacts
import Sysexits

/// Submit's planning over `plan.json`'s shape: cutting and hashing the recipients, the schedule,
/// each part's send window and the request (and so the key) each part makes.
extension BatchPlan {
    /// The request of a part (a batch, or a piece of one the tier limit split): the one value its
    /// create and its idempotency key are both made from (`PartRequest`).
    public func request(part: String, batch index: Int, offset: Int, count: Int, scheduledAt: String?) -> PartRequest {
        self.request(part: part, batch: self.batch(index), offset: offset, count: count, scheduledAt: scheduledAt)
    }

    func request(part: String, batch: Batch?, offset: Int, count: Int, scheduledAt: String?) -> PartRequest {
        PartRequest(
            pipeline: self.pipeline, runId: self.runId, account: self.account, template: self.template,
            language: batch?.language ?? self.language, params: self.params, name: self.campaignName(part: part),
            scheduledAt: scheduledAt,
            zone: batch?.zone ?? self.timezone, part: part, digest: batch?.digest ?? "", offset: offset, count: count,
            window: batch?.window)
    }

    /// The key of that request: no two different requests share one, and the same request always has the same.
    public func idempotencyKey(part: String, batch index: Int, offset: Int, count: Int, scheduledAt: String?) -> String {
        self.request(part: part, batch: index, offset: offset, count: count, scheduledAt: scheduledAt).idempotencyKey
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
            plannedAt: plannedAt, recipients: 0, batches: [],
            // A started run keeps the plan's (nil for a run begun before instances); a new plan takes run.json's.
            instance: existing.map(\.instance) ?? (try? RunManifest.load(run))?.instance)
        var layout: ZoneLayout?
        if pipeline.schedule.localTime || pipeline.language != nil {
            let lines = try RecipientLines(path: run.recipients)
            let grouping = try PartGroups.grouping(run, lines: lines, pipeline: pipeline, at: instant, keeping: existing)
            let total = grouping.members.count
            let skipped = Set(grouping.groups.indices.filter { grouping.groups[$0].skipped != nil })
            if !grouping.groups.isEmpty, skipped.count == grouping.groups.count, let why = grouping.groups[0].skipped {
                throw CampaignError(
                    .config, "\(why); no zone group of the run has an opening, so nothing was planned",
                    hint: "widen schedule.window so that it holds across the regions, or remove schedule.local_time")
            }
            let zoned = try ZoneLayout.lay(
                lines, members: grouping.members, groups: grouping.groups.count, batchSize: pipeline.batchSize,
                sizes: pipeline.pace.map { pace in
                    { pace.sizes(group: $0, total: total, batchSize: pipeline.batchSize).map(\.count) }
                }, skipping: skipped)
            plan.order = Self.zoneOrder
            plan.zoneIndexDigest = zoned.indexDigest
            plan.groups = grouping.groups
            plan.recipients = total
            plan.batches = zoned.cuts.enumerated().map { offset, cut in
                let group = grouping.groups[cut.group]
                return Batch(
                    index: offset + 1, start: cut.start, byteOffset: cut.byte, count: cut.count, digest: cut.digest,
                    idempotencyKey: "", name: "", scheduledAt: grouping.opens[cut.group],
                    group: cut.group, zone: group.zone, window: group.window, language: group.language)
            }
            if let pace = pipeline.pace { try plan.pace(pace, opens: grouping.opens, at: instant) }
            layout = zoned
        } else {
            // A paced plan's parts are of the sizes its pace gives for the run's count (a first pass counts the lines).
            let total = pipeline.pace == nil ? 0 : try RecipientLines(path: run.recipients).count
            let sizes = pipeline.pace?.sizes(group: total, total: total, batchSize: pipeline.batchSize).map(\.count)
            let cuts = try Self.cut(run.recipients, batchSize: pipeline.batchSize, sizes: sizes)
            let scheduled = try Self.start(pipeline: pipeline, at: instant)
            plan.recipients = cuts.last.map { $0.start + $0.count } ?? 0
            plan.batches = cuts.enumerated().map { offset, cut in
                Batch(
                    index: offset + 1, start: cut.start, byteOffset: cut.byte, count: cut.count, digest: cut.digest,
                    idempotencyKey: "", name: "", scheduledAt: scheduled)
            }
            if let pace = pipeline.pace { try plan.pace(pace, opens: [scheduled], at: instant) }
        }
        for position in plan.batches.indices {
            let batch = plan.batches[position]
            plan.batches[position].name = plan.campaignName(part: String(batch.index))
            plan.batches[position].idempotencyKey =
                plan.request(
                    part: String(batch.index), batch: batch, offset: 0, count: batch.count, scheduledAt: batch.scheduledAt
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

    /// Sets each part's start and canary mark by `pace` (`PacedSchedule`), group by group (the whole
    /// run is group 0 of a plan without groups); `opens` is each group's own start (nil: at once).
    mutating func pace(_ pace: PaceSpec, opens: [String?], at moment: Date) throws {
        var schedule = PacedSchedule(pace)
        let groupCount = self.groups?.count ?? 1
        let total = self.recipients
        // The canary is judged once, when every group's has finished: no group's later parts may start before
        // the last canary's start plus the wait.
        let canaryStarts = (0..<groupCount).filter { self.groups?[$0].skipped == nil }.map {
            opens[$0].flatMap { Timestamp.parse($0) } ?? moment
        }
        let gate = pace.canary == nil ? nil : canaryStarts.max().map { $0.addingTimeInterval(pace.canaryWait) }
        for group in 0..<groupCount {
            let positions = self.batches.indices.filter { (self.batches[$0].group ?? 0) == group }
            let count = positions.reduce(0) { $0 + self.batches[$1].count }
            let parts = pace.sizes(group: count, total: total, batchSize: self.batchSize)
            guard parts.map(\.count) == positions.map({ self.batches[$0].count }) else {
                throw CampaignError(
                    .dataError, "the paced parts of group \(group + 1) do not match its cut", hint: "this is a bug: report it")
            }
            guard let first = positions.first else { continue }
            let window = try self.sendWindow(of: self.batches[first].index)
            let starts = try schedule.starts(
                of: parts, opens: opens[group].flatMap { Timestamp.parse($0) }, moment: moment, window: window,
                group: self.groups == nil ? "the run" : "the group of \(window.zone.identifier)", gate: gate)
            for (position, (start, part)) in zip(positions, zip(starts, parts)) {
                self.batches[position].scheduledAt = start
                self.batches[position].canary = part.canary ? true : nil
            }
        }
    }

    /// Reads a recipients file once, a buffer at a time, cutting it into runs of `batchSize` lines (or
    /// of `sizes`, in order, `pace:`) and hashing each as it passes: memory stays at one buffer (mapping
    /// the file made its every page resident, the largest part of submit's peak). A last line without
    /// its end is refused.
    static func cut(_ path: String, batchSize: Int, sizes: [Int]? = nil) throws -> [Cut] {
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
        var target = Self.size(of: 0, sizes: sizes, batchSize: batchSize)
        while true {
            let read = try source.read(into: chunk)
            guard read > 0 else { break }
            var hashed = 0
            var from = 0
            while from < read, let found = memchr(base + from, 0x0A, read - from) {
                from = base.distance(to: UnsafeMutableRawPointer(found)) + 1
                lines += 1
                guard lines - first.line == target else { continue }
                hasher.update(UnsafeRawBufferPointer(rebasing: chunk[hashed..<from]))
                hashed = from
                cuts.append(Cut(start: first.line, byte: first.byte, count: target, digest: hasher.hex()))
                target = Self.size(of: cuts.count, sizes: sizes, batchSize: batchSize)
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

extension BatchPlan {
    /// The size of cut `index`: the paced size given for it, else `batchSize`.
    static func size(of index: Int, sizes: [Int]?, batchSize: Int) -> Int {
        guard let sizes, index < sizes.count else { return batchSize }
        return sizes[index]
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
