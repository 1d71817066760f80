import ArtifactText
import Crypto
import CubeAPI
import Foundation

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

        enum CodingKeys: String, CodingKey {
            case index, start, count, digest, name
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

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case batchSize = "batch_size"
        case plannedAt = "planned_at"
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

    /// The key covers every field of the create request (account, template,
    /// language, params, name, schedule, zone) besides the recipients' digest and
    /// place, so that no two different requests can ever share a key, and the
    /// same request always has the same one.
    public func idempotencyKey(unit: String, digest: String, offset: Int, count: Int, scheduledAt: String?) -> String {
        let params = (try? JSONEncoder().encode(self.params)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let material = ["cube-campaigns/2", self.pipeline, self.runId, self.account, self.template, self.language, params,
                        self.campaignName(unit: unit), scheduledAt ?? "now", self.timezone, unit, digest, String(offset),
                        String(count)]
        return "cc2-" + Hashing.sha256Hex(material.joined(separator: "\n")).prefix(40)
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
            changed("the number of recipients", String(other.recipients), String(self.recipients)),
            changed("the number of parts", String(other.batches.count), String(self.batches.count)),
        ]
        if let first = fields.compactMap({ $0 }).first { return first }
        for (old, new) in zip(other.batches, self.batches) where old != new {
            if old.digest != new.digest || old.count != new.count { return "the recipients of part \(new.index) changed" }
            if old.scheduledAt != new.scheduledAt {
                return "part \(new.index) was to start \(old.scheduledAt ?? "at once"), now \(new.scheduledAt ?? "at once") (schedule.at)"
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
    static func start(pipeline: Pipeline, at moment: Date) -> String? {
        let window = SendWindow(schedule: pipeline.schedule)
        if let at = pipeline.schedule.at, let date = Timestamp.parse(at, zone: window.zone) { return Timestamp.utc(date) }
        return window.startsNow(moment) ? nil : Timestamp.utc(window.earliestStart(from: moment))
    }

    /// Reads `recipients.ndjson` once, cutting it into batches and hashing each;
    /// the schedule is worked out for `moment` (whole seconds).
    public static func make(pipeline: Pipeline, run: RunDirectory, at moment: Date) throws -> BatchPlan {
        try run.require(run.recipients, from: "campaign-validate")
        let data = try Data(contentsOf: URL(fileURLWithPath: run.recipients), options: .alwaysMapped)
        var starts: [(start: Int, byte: Int64, count: Int, digest: String)] = []
        var hasher = IncrementalSHA256()
        var inBatch = 0
        var index = 0
        var batchByte: Int64 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var position = 0
            while position < bytes.count {
                guard let newline = bytes[position...].firstIndex(of: 0x0A) else { break }
                if inBatch == 0 {
                    batchByte = Int64(position)
                    hasher = IncrementalSHA256()
                }
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[position...newline]))
                inBatch += 1
                index += 1
                position = newline + 1
                if inBatch == pipeline.batchSize {
                    starts.append((index - inBatch, batchByte, inBatch, hasher.hex()))
                    inBatch = 0
                }
            }
        }
        if inBatch > 0 { starts.append((index - inBatch, batchByte, inBatch, hasher.hex())) }
        let plannedAt = Timestamp.utc(moment)
        let scheduled = Self.start(pipeline: pipeline, at: Timestamp.parse(plannedAt) ?? moment)
        let window = SendWindow(schedule: pipeline.schedule)
        var plan = BatchPlan(runId: run.runId, pipeline: pipeline.name, account: pipeline.account,
                             template: pipeline.template.name, language: pipeline.template.language,
                             params: pipeline.template.params, timezone: pipeline.schedule.timezone,
                             window: window.hours, batchSize: pipeline.batchSize,
                             plannedAt: plannedAt, recipients: index, batches: [])
        plan.batches = starts.enumerated().map { offset, entry in
            let number = offset + 1
            return Batch(index: number, start: entry.start, byteOffset: entry.byte, count: entry.count, digest: entry.digest,
                         idempotencyKey: "", name: "", scheduledAt: scheduled)
        }
        for position in plan.batches.indices {
            let batch = plan.batches[position]
            plan.batches[position].name = plan.campaignName(unit: String(batch.index))
            plan.batches[position].idempotencyKey = plan.idempotencyKey(
                unit: String(batch.index), digest: batch.digest, offset: 0, count: batch.count, scheduledAt: scheduled)
        }
        return plan
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
