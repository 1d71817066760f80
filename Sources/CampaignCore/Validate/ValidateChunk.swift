import ArtifactText
import Foundation
import RecipientIO
import RunArtifacts

/// One chunk of `ingested.ndjson` checked on another core: lines decoded,
/// phones normalised, the rules applied, output lines encoded and rejects
/// counted. The stage's own thread is left with dedupe and writing, in input
/// order, so the work that costs spreads over every core.
final class ValidateChunk: @unchecked Sendable {
    /// A record that passed every rule but dedupe, in plain numbers so the
    /// stage's thread copies no strings for it.
    struct Admission {
        var key: UInt64
        var record: Int
        /// Index into `Output.sources`.
        var source: Int
        /// Index into the chunk's lines, to read the record again if it is a duplicate.
        var line: Int
        /// Where its `recipients.ndjson` line ends in `Output.recipients`.
        var recipientEnd: Int
        /// How many bytes of `Output.rejects` come before it in record order.
        var rejectOffset: Int
    }

    struct Output {
        var lines = IngestedLines()
        var admissions: [Admission] = []
        var sources: [String] = []
        var recipients: [UInt8] = []
        var rejects: [UInt8] = []
        var rejected = 0
        var limited = 0
        var byReason: [String: Int] = [:]
        /// `filter:`'s rejects by their message, which names the rule.
        var byFilter: [String: Int] = [:]
        /// The first reject of each reason in this chunk.
        var examples: [String: Reject] = [:]
        /// `fix.csv`'s rows for this chunk's data rejects, and what they ask to fix, in order met.
        var fixRows: [UInt8] = []
        var fixKinds: [(what: String, count: Int)] = []
        /// A data reject whose record has a field the known columns lack: `FixFile` writes the file instead.
        var fixIncomplete = false

        /// Records a candidate whose line was just appended to `recipients`.
        mutating func admit(key: UInt64, record: Int, source: String, line: Int) {
            if self.sources.last != source { self.sources.append(source) }
            self.admissions.append(
                Admission(
                    key: key, record: record, source: self.sources.count - 1, line: line,
                    recipientEnd: self.recipients.count, rejectOffset: self.rejects.count))
        }

        mutating func fix(_ record: IngestedRecord, _ reject: Reject, _ rows: FixRows) {
            guard !self.fixIncomplete, rows.append(record, reject, to: &self.fixRows) else {
                self.fixIncomplete = true
                return
            }
            let what = FixFile.what(reject.reason, field: reject.field)
            if let at = self.fixKinds.firstIndex(where: { $0.what == what }) {
                self.fixKinds[at].count += 1
            } else {
                self.fixKinds.append((what, 1))
            }
        }

        mutating func reject(_ reject: Reject) {
            SpreadsheetCSV.append(reject.cells, to: &self.rejects)
            self.rejected += 1
            self.byReason[reject.reason, default: 0] += 1
            if reject.reason == RejectReason.filtered.rawValue { self.byFilter[reject.message, default: 0] += 1 }
            if RejectReason(rawValue: reject.reason)?.countsAgainstLimit ?? true { self.limited += 1 }
            if self.examples[reject.reason] == nil { self.examples[reject.reason] = reject }
        }
    }

    private var result: Result<Output, any Error> = .success(Output())
    private let group = DispatchGroup()

    init(_ lines: IngestedLines, rules: RecipientRules, bytePath: Bool, path: String, fix: FixRows? = nil) {
        self.group.enter()
        DispatchQueue.global().async {
            self.result = Result { try Self.check(lines, rules: rules, bytePath: bytePath, path: path, fix: fix) }
            self.group.leave()
        }
    }

    /// The chunk once every record is done; rethrows a damaged line.
    func wait() throws -> Output {
        self.group.wait()
        return try self.result.get()
    }

    /// `bytePath` false sends every record through `RecipientRules.check`: the reference run.
    static func check(_ lines: IngestedLines, rules: RecipientRules, bytePath: Bool = true, path: String, fix: FixRows? = nil)
        throws -> Output
    {
        var output = Output()
        output.admissions.reserveCapacity(lines.ends.count)
        output.recipients.reserveCapacity(lines.bytes.count)
        var parser = IngestedLineParser()
        var plain = PlainRecordCheck(rules: rules)
        var fields = IngestedLineParser.PlainFields()
        try lines.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (index, end) in lines.ends.enumerated() {
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end
                // Checked once here: a line the byte path leaves to `decode` is not checked again.
                var checkedUTF8 = false
                if bytePath, parser.scan(line: line, into: &fields), UTF8Check.isValid(line) {
                    checkedUTF8 = true
                    // A line from before ids is known by its line number (`IngestedRecord.id`).
                    if fields.id == 0 { fields.id = lines.numbers[index] }
                    switch plain.check(line, fields, names: parser.nameStrings, into: &output.recipients) {
                    case .candidate(let key):
                        output.admit(key: key, record: fields.record, source: fields.source, line: index)
                        continue
                    case .reject(let reject):
                        output.reject(reject)
                        if let fix, FixFile.isDataReason(reject.reason) {
                            let record = try IngestedReader.decode(
                                line, number: lines.numbers[index], path: path, parser: &parser, checkedUTF8: true)
                            output.fix(record, reject, fix)
                        }
                        continue
                    case .unsure:
                        break
                    }
                }
                let record = try IngestedReader.decode(
                    line, number: lines.numbers[index], path: path, parser: &parser, checkedUTF8: checkedUTF8)
                switch rules.check(record) {
                case .candidate(let candidate):
                    RecipientsFile.encode(candidate.recipient, into: &output.recipients)
                    output.admit(key: candidate.key, record: record.record, source: record.source, line: index)
                case .reject(let reject):
                    output.reject(reject)
                    if let fix, FixFile.isDataReason(reject.reason) { output.fix(record, reject, fix) }
                }
            }
        }
        output.lines = lines
        return output
    }

    /// Record `index` of the chunk read again (a duplicate's reject row needs what it wrote).
    static func record(_ index: Int, of lines: IngestedLines, path: String) throws -> IngestedRecord {
        var parser = IngestedLineParser()
        let start = index == 0 ? 0 : lines.ends[index - 1]
        return try lines.bytes.withUnsafeBufferPointer {
            try IngestedReader.decode(
                UnsafeBufferPointer(rebasing: $0[start..<lines.ends[index]]),
                number: lines.numbers[index], path: path, parser: &parser)
        }
    }
}
