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
    public var timezone: String
    public var recipients: Int
    public var batches: [Batch]

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case pipeline, account, template, language, timezone, recipients, batches
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

    /// The key depends on everything that makes the campaign what it is, and on nothing else.
    public static func idempotencyKey(pipeline: String, runId: String, unit: String, digest: String, offset: Int,
                                      count: Int, scheduledAt: String?) -> String {
        let material = ["cube-campaigns/1", pipeline, runId, unit, digest, String(offset), String(count), scheduledAt ?? "now"]
        return "cc1-" + Digest.sha256Hex(material.joined(separator: "\n")).prefix(40)
    }

    /// Reads `recipients.ndjson` once, cutting it into batches and hashing each.
    public static func make(pipeline: Pipeline, run: RunDirectory) throws -> BatchPlan {
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
        let runId = run.runId
        let scheduled = pipeline.schedule.at
        let batches = starts.enumerated().map { offset, entry in
            let number = offset + 1
            return Batch(
                index: number, start: entry.start, byteOffset: entry.byte, count: entry.count, digest: entry.digest,
                idempotencyKey: Self.idempotencyKey(pipeline: pipeline.name, runId: runId, unit: String(number),
                                                    digest: entry.digest, offset: 0, count: entry.count, scheduledAt: scheduled),
                name: Self.campaignName(pipeline: pipeline.name, runId: runId, part: String(number), of: starts.count),
                scheduledAt: scheduled)
        }
        return BatchPlan(runId: runId, pipeline: pipeline.name, account: pipeline.account, template: pipeline.template.name,
                         language: pipeline.template.language, timezone: pipeline.schedule.timezone,
                         recipients: index, batches: batches)
    }
}

/// SHA-256 fed piece by piece (a batch's lines as they are read).
struct IncrementalSHA256 {
    private var hasher = SHA256()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        self.hasher.update(bufferPointer: bytes)
    }

    func hex() -> String {
        Digest.hex(self.hasher.finalize())
    }
}
