import ArtifactText
import Foundation

/// `plan.json`: the batches a run sends, fixed before the first create, with a
/// deterministic idempotency key each, so a rerun asks for the very same campaigns.
/// This is the file's shape; submit's planning (`BatchPlan.build`) and the request
/// each part makes (`BatchPlan.request`) are extensions where submit lives.
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
        /// `language:`: the template language of every recipient in the part; nil: the plan's `language`.
        public var language: String?
        /// `pace.canary`: the part goes first, and the report judges it before the rest start; nil: not a canary.
        public var canary: Bool?

        public init(
            index: Int, start: Int, byteOffset: Int64, count: Int, digest: String, idempotencyKey: String, name: String,
            scheduledAt: String?, group: Int? = nil, zone: String? = nil, window: String? = nil, language: String? = nil,
            canary: Bool? = nil
        ) {
            self.index = index
            self.start = start
            self.byteOffset = byteOffset
            self.count = count
            self.digest = digest
            self.idempotencyKey = idempotencyKey
            self.name = name
            self.scheduledAt = scheduledAt
            self.group = group
            self.zone = zone
            self.window = window
            self.language = language
            self.canary = canary
        }

        enum CodingKeys: String, CodingKey {
            case index, start, count, digest, name, group, zone, window, language, canary
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
    /// `zone` (`schedule.local_time`, `language:` or both: the recipients are cut by group, a zone
    /// group's, a language's or a zone group's in one language): `start` and `byte_offset` are places in
    /// `recipients.zoned.ndjson`, where each group's recipients follow each other, and
    /// `recipients.zones` (whose SHA-256 this is) says which group each recipient is in; nil:
    /// places in `recipients.ndjson` itself.
    public var order: String?
    public var zoneIndexDigest: String?
    /// The zone groups of `order: zone`, by the index batches name in `group`.
    public var groups: [Group]?
    /// `run.json`'s instance when the plan was made (nil for a run begun before instances): part of
    /// the contact history's run key, never of a create request or its idempotency key.
    public var instance: String?

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
        /// `language:`: the language all its recipients get; nil: the plan's `language`.
        public var language: String?
        /// Why the group has no part (its window has no opening in the week ahead); its recipients are
        /// reported `not_submitted` with this reason. Nil: it is sent.
        public var skipped: String?

        public init(
            zone: String, zones: [String], window: String, regions: [String: Int], recipients: Int, note: String? = nil,
            language: String? = nil, skipped: String? = nil
        ) {
            self.zone = zone
            self.zones = zones
            self.window = window
            self.regions = regions
            self.recipients = recipients
            self.note = note
            self.language = language
            self.skipped = skipped
        }
    }

    public init(
        runId: String, pipeline: String, account: String, template: String, language: String, params: [String],
        timezone: String, window: String, batchSize: Int, plannedAt: String, recipients: Int, batches: [Batch],
        order: String? = nil, zoneIndexDigest: String? = nil, groups: [Group]? = nil, instance: String? = nil
    ) {
        self.runId = runId
        self.pipeline = pipeline
        self.account = account
        self.template = template
        self.language = language
        self.params = params
        self.timezone = timezone
        self.window = window
        self.batchSize = batchSize
        self.plannedAt = plannedAt
        self.recipients = recipients
        self.batches = batches
        self.order = order
        self.zoneIndexDigest = zoneIndexDigest
        self.groups = groups
        self.instance = instance
    }

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case batchSize = "batch_size"
        case plannedAt = "planned_at"
        case zoneIndexDigest = "zone_index_digest"
        case order, groups, instance
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

    /// The campaign name of a part (a batch, or a piece of one the tier limit split).
    public func campaignName(part: String) -> String {
        Self.campaignName(pipeline: self.pipeline, runId: self.runId, part: part, of: self.batches.count)
    }

    /// Batch `index` (numbered from 1 in order, so found at its place; searched for otherwise).
    public func batch(_ index: Int) -> Batch? {
        if self.batches.indices.contains(index - 1), self.batches[index - 1].index == index { return self.batches[index - 1] }
        return self.batches.first { $0.index == index }
    }

    /// When group `group`'s first part was planned to start (UTC); nil: at once.
    public func scheduledAt(ofGroup group: Int) -> String? {
        self.batches.first { $0.group == group }?.scheduledAt
    }

    /// The zone a batch's start is told in, as the plan names it (`TimeZone` may name a zone
    /// otherwise: `UTC` comes back as `GMT`, and the request must stay the one its key was made for).
    public func zone(of index: Int) -> String { self.batch(index)?.zone ?? self.timezone }

    /// The template language a batch's recipients get.
    public func language(of index: Int) -> String { self.batch(index)?.language ?? self.language }

    /// The canary's parts (`pace.canary`), by batch index.
    public var canaryBatches: Set<Int> { Set(self.batches.filter { $0.canary == true }.map(\.index)) }

    /// Every language the plan's parts go in, in the order first met (the plan's own when no part names one).
    public var languages: [String] {
        var found: [String] = []
        for batch in self.batches where !found.contains(batch.language ?? self.language) {
            found.append(batch.language ?? self.language)
        }
        return found.isEmpty ? [self.language] : found
    }

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
            changed(
                "the parts' grouping (schedule.local_time, language:)", other.order == nil ? "none" : "by group",
                self.order == nil ? "none" : "by group"),
            changed("the number of recipients", String(other.recipients), String(self.recipients)),
            changed("the number of parts", String(other.batches.count), String(self.batches.count)),
            changed("the run's instance (run.json)", other.instance ?? "", self.instance ?? ""),
        ]
        if let first = fields.compactMap({ $0 }).first { return first }
        for (old, new) in zip(other.batches, self.batches) where old != new {
            if old.digest != new.digest || old.count != new.count { return "the recipients of part \(new.index) changed" }
            if old.zone != new.zone || old.window != new.window {
                return
                    "part \(new.index) was to go \(old.window ?? other.window) \(old.zone ?? other.timezone), now \(new.window ?? self.window) \(new.zone ?? self.timezone) (schedule.local_time)"
            }
            if old.language != new.language {
                return
                    "part \(new.index) was to go in \(old.language ?? other.language), now \(new.language ?? self.language) (language:)"
            }
            if old.canary != new.canary {
                return
                    "part \(new.index) was\(old.canary == true ? "" : " not") a canary, now\(new.canary == true ? "" : " not") (pace.canary)"
            }
            if old.scheduledAt != new.scheduledAt {
                return
                    "part \(new.index) was to start \(old.scheduledAt ?? "at once"), now \(new.scheduledAt ?? "at once") (schedule.at, pace:)"
            }
            return "part \(new.index) differs"
        }
        return self == other ? nil : "the plan differs"
    }

    /// The run's plan, or nil before submit (or a dry run) made one. Strict: a field this release does not
    /// know is refused rather than dropped, since every field of a plan changes what its parts send.
    public static func load(_ run: RunDirectory) throws -> BatchPlan? {
        run.exists(run.plan) ? try ArtifactJSON.readStrict(BatchPlan.self, from: run.plan) : nil
    }

    /// The plan of a run that must have one (its report, a retry of it).
    public static func read(_ run: RunDirectory) throws -> BatchPlan {
        try ArtifactJSON.readStrict(BatchPlan.self, from: run.plan)
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.plan)
    }

    /// The SHA-256 of the plan as written, so the journal can name the plan it belongs to.
    public func digest() throws -> String {
        Hashing.sha256Hex(String(decoding: try ArtifactJSON.encode(self), as: UTF8.self))
    }

    /// The value of `order` when the recipients are laid out by group (zone group, language, or both).
    public static let zoneOrder = "zone"
}
