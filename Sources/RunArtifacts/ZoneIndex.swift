import ArtifactText
import Foundation
import RecipientIO

/// `recipients.zones` (`schedule.local_time`): for every line of `recipients.ndjson`, the zone
/// group it was planned in, two bytes little-endian, so the report finds any recipient's part
/// without holding the run's phones. Written beside the plan and fixed with it: the plan keeps
/// its SHA-256 (`zone_index_digest`). Its companion `recipients.zoned.ndjson` holds the same
/// lines as `recipients.ndjson`, each group's together, and is read as that file is.
public enum ZoneIndex {
    public static let file = RunFile.zones
    public static let zonedRecipients = RunFile.zonedRecipients

    /// The file's bytes for `members` (a group per recipient).
    public static func encode(_ members: [UInt16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(members.count * 2)
        for member in members {
            bytes.append(UInt8(member & 0xFF))
            bytes.append(UInt8(member >> 8))
        }
        return bytes
    }

    public static func write(_ bytes: [UInt8], in run: RunDirectory) throws {
        let index = try AtomicFileWriter(path: run.file(Self.file))
        try index.write(bytes: bytes)
        try index.commit()
    }

    /// The group of every recipient, checked against the plan: its digest, one entry a recipient,
    /// and no group the plan does not have.
    public static func members(_ run: RunDirectory, plan: BatchPlan) throws -> [UInt16] {
        let path = run.file(Self.file)
        guard let data = FileManager.default.contents(atPath: path), Hashing.sha256Hex(data) == plan.zoneIndexDigest,
            data.count == plan.recipients * 2
        else {
            throw ArtifactError(
                file: path, message: "is missing or is not the one \(RunFile.plan) was made with",
                hint: "delete it and run campaign-submit --dry-run for this run directory: once a run has started, that "
                    + "lays it out again from \(RunFile.recipients), checks it against the plan, and sends nothing")
        }
        var members: [UInt16] = []
        members.reserveCapacity(plan.recipients)
        var position = data.startIndex
        while position < data.endIndex {
            members.append(UInt16(data[position]) | UInt16(data[position + 1]) << 8)
            position += 2
        }
        let groups = plan.groups?.count ?? 0
        if let stray = members.firstIndex(where: { Int($0) >= groups }) {
            throw ArtifactError(
                file: path,
                message: "recipient \(stray + 1) is in zone group \(members[stray]), which \(RunFile.plan) does not have",
                hint: "put back the \(RunFile.plan) this run was planned with")
        }
        return members
    }

    /// Whether the run holds the files a zoned plan's places refer to, of the sizes it has: the
    /// zoned copy as long as `recipients.ndjson`, the index two bytes a recipient. (A copy damaged
    /// in place is caught by the batch digests before any create.)
    public static func isWritten(_ run: RunDirectory, for plan: BatchPlan) -> Bool {
        func size(_ path: String) -> Int64? {
            var info = stat()
            return stat(path, &info) == 0 ? Int64(info.st_size) : nil
        }
        guard let zoned = size(run.file(Self.zonedRecipients)), let recipients = size(run.recipients) else { return false }
        return zoned == recipients && size(run.file(Self.file)) == Int64(plan.recipients * 2)
    }
}
