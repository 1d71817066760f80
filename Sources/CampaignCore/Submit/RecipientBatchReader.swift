import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts
import Sysexits

/// Reads one part's recipients from `recipients.ndjson`: seeks to its batch,
/// checks that the batch's lines still hash to the plan's digest (a
/// `campaign-validate` rerun must never swap who a planned campaign goes to),
/// then takes the part's share of them. Lines go through `RecipientsFile`, the
/// file's one reader.
enum RecipientBatchReader {
    static func read(run: RunDirectory, plan: BatchPlan, batch: BatchPlan.Batch, offset: Int, count: Int) throws
        -> [WireRecipient]
    {
        let (path, lines) = try Self.partLines(run: run, plan: plan, batch: batch, offset: offset, count: count)
        var result: [WireRecipient] = []
        result.reserveCapacity(count)
        for (index, line) in lines.enumerated() {
            let record = try line.withUnsafeBytes {
                try RecipientsFile.decode($0, path: path, line: batch.start + offset + index + 1)
            }
            var variables: [String: String] = [:]
            variables.reserveCapacity(record.variables.count)
            for variable in record.variables { variables[variable.key] = variable.value }
            result.append(WireRecipient(phone: record.phone, name: record.name, variables: variables.isEmpty ? nil : variables))
        }
        return result
    }

    /// Only the phones of the part's recipients: the contact history's checks and records need nothing else.
    static func phones(run: RunDirectory, plan: BatchPlan, batch: BatchPlan.Batch, offset: Int, count: Int) throws -> [String] {
        let (path, lines) = try Self.partLines(run: run, plan: plan, batch: batch, offset: offset, count: count)
        return try lines.enumerated().map { index, line in
            try line.withUnsafeBytes { try RecipientsFile.phone($0, path: path, line: batch.start + offset + index + 1) }
        }
    }

    /// The part's lines of its checked batch, and the file they are in.
    private static func partLines(
        run: RunDirectory, plan: BatchPlan, batch: BatchPlan.Batch, offset: Int,
        count: Int
    ) throws -> (path: String, lines: ArraySlice<ArraySlice<UInt8>>) {
        let path = Self.path(run: run, plan: plan)
        let lines = try Self.batchLines(path: path, batch: batch)
        guard offset >= 0, count >= 0, offset + count <= lines.count else {
            throw CampaignError(
                .dataError, "part of batch \(batch.index) at \(offset)+\(count) is outside its \(lines.count) recipients",
                hint: "the journal and \(RunFile.plan) disagree; keep the run directory and report it")
        }
        return (path, lines[offset..<offset + count])
    }

    /// The file the plan's places are in: `recipients.ndjson`, or its zoned layout.
    static func path(run: RunDirectory, plan: BatchPlan) -> String {
        plan.order == BatchPlan.zoneOrder ? run.file(ZoneIndex.zonedRecipients) : run.recipients
    }

    /// The batch's lines (each with its newline), checked against the plan.
    static func batchLines(path: String, batch: BatchPlan.Batch) throws -> [ArraySlice<UInt8>] {
        let changed = CampaignError(
            .dataError, "\(path) no longer holds the recipients \(RunFile.plan) planned for part \(batch.index)",
            hint: "the recipients changed after planning (campaign-validate run again?); put back the \(RunFile.recipients) "
                + "this run was planned with (a zoned copy is made again from it when missing), "
                + "or start a new run directory for the new data")
        let source = try FileSource(path: path, offset: batch.byteOffset)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        var bytes: [UInt8] = []
        var newlines = 0
        while newlines < batch.count {
            let read = try source.read(into: chunk)
            guard read > 0 else { throw changed }
            let piece = UnsafeRawBufferPointer(rebasing: chunk[0..<read])
            var take = read
            for (index, byte) in piece.enumerated() where byte == 0x0A {
                newlines += 1
                if newlines == batch.count {
                    take = index + 1
                    break
                }
            }
            bytes.append(contentsOf: piece[0..<take])
        }
        var hasher = IncrementalSHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        guard hasher.hex() == batch.digest else { throw changed }
        var lines: [ArraySlice<UInt8>] = []
        lines.reserveCapacity(batch.count)
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(bytes[start...index])
            start = index + 1
        }
        return lines
    }
}
