import ArtifactText
import Foundation
import RecipientIO
import RunArtifacts
import Sysexits

/// `schedule.local_time`'s layout of the recipients: a part is a contiguous run of
/// recipients, so each zone group's lines are laid one after the other in
/// `recipients.zoned.ndjson` (each group in the order validate wrote them), and
/// `recipients.zones` (`ZoneIndex`, which reads it back) keeps each line's group.
/// Both are written beside the plan and fixed with it: the plan holds the digest
/// of every part's lines and of the index.
public struct ZoneLayout {
    private let lines: RecipientLines
    /// The lines of `recipients.ndjson` in the zoned file's order.
    private let order: [Int32]
    let cuts: [BatchPlan.Cut]
    let index: [UInt8]
    let indexDigest: String

    /// Lays out `recipients.ndjson` by `members` (a group per line, each below `groups`) and cuts
    /// each group into batches of `batchSize` (or of the sizes `sizes` gives for a group of so many,
    /// `pace:`), hashing each.
    static func lay(
        _ lines: RecipientLines, members: [UInt16], groups: Int, batchSize: Int, sizes: ((Int) -> [Int])? = nil,
        skipping skipped: Set<Int> = []
    ) throws -> ZoneLayout {
        let lineStarts = lines.starts
        guard lines.count == members.count, members.allSatisfy({ Int($0) < groups }) else {
            throw CampaignError(
                .dataError, "\(lines.path) has \(lines.count) lines but \(members.count) recipients were grouped",
                hint: "\(RunFile.recipients) is not the one this run was planned with: put it back, "
                    + "or start a new run directory for the new data")
        }
        // Counting sort by group: stable, so each group keeps validate's order.
        var next = [Int](repeating: 0, count: groups + 1)
        for member in members { next[Int(member) + 1] += 1 }
        for group in 0..<groups { next[group + 1] += next[group] }
        let groupStarts = next
        var order = [Int32](repeating: 0, count: members.count)
        for (line, member) in members.enumerated() {
            order[next[Int(member)]] = Int32(line)
            next[Int(member)] += 1
        }
        var cuts: [BatchPlan.Cut] = []
        var byte: Int64 = 0
        lines.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for group in 0..<groups {
                // A skipped group's lines are laid out (the report walks them) but go in no part.
                guard !skipped.contains(group) else {
                    for position in groupStarts[group]..<groupStarts[group + 1] {
                        let line = Int(order[position])
                        byte += Int64(lineStarts[line + 1] - lineStarts[line])
                    }
                    continue
                }
                var first = groupStarts[group]
                var planned = sizes?(groupStarts[group + 1] - first) ?? []
                while first < groupStarts[group + 1] {
                    let size = planned.isEmpty ? batchSize : planned.removeFirst()
                    let end = min(first + size, groupStarts[group + 1])
                    var hasher = IncrementalSHA256()
                    let startByte = byte
                    for position in first..<end {
                        let line = Int(order[position])
                        hasher.update(UnsafeRawBufferPointer(rebasing: raw[lineStarts[line]..<lineStarts[line + 1]]))
                        byte += Int64(lineStarts[line + 1] - lineStarts[line])
                    }
                    cuts.append(
                        BatchPlan.Cut(start: first, byte: startByte, count: end - first, digest: hasher.hex(), group: group))
                    first = end
                }
            }
        }
        let index = ZoneIndex.encode(members)
        return ZoneLayout(
            lines: lines, order: order, cuts: cuts, index: index,
            indexDigest: Hashing.sha256Hex(Data(index)))
    }

    /// Writes both files (atomically, the index last).
    func write(_ run: RunDirectory) throws {
        let zoned = try AtomicFileWriter(path: run.file(ZoneIndex.zonedRecipients))
        let starts = self.lines.starts
        try self.lines.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for line in self.order {
                try zoned.write(bytes: UnsafeRawBufferPointer(rebasing: raw[starts[Int(line)]..<starts[Int(line) + 1]]))
            }
        }
        try zoned.commit()
        try ZoneIndex.write(self.index, in: run)
    }
}
