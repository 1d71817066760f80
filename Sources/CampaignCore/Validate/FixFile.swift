import ArtifactText
import Foundation
import RecipientIO
import RunArtifacts

/// `fix.csv`: every record validate rejected for a reason in its data (a bad
/// phone, an empty variable, a message too long — not a duplicate, an opt-out
/// or a cap), in the input's own columns and order, then `reason` and
/// `message`. A person corrects it in a spreadsheet and ingests it again with
/// the same pipeline. The rejects come from `rejects.csv`; each one's record is
/// read back from `ingested.ndjson` at its place (ingest writes one line per
/// record, inputs in order), so only the rejected lines are decoded.
struct FixFile {
    static let fileName = RunFile.fix.name

    /// How many rows it holds, and what to fix in words: `3 phone numbers, 1 empty order`.
    struct Tally: Sendable {
        var rows: Int
        var words: String
    }

    /// One data reject as `rejects.csv` has it.
    struct Wanted {
        /// Nil on a row written before record ids.
        var id: Int?
        var source: String
        var record: Int
        var reason: String
        var message: String
        var field: String
    }

    static func isDataReason(_ reason: String) -> Bool {
        guard let known = RejectReason(rawValue: reason) else { return true }  // ingest's own: the record could not be read
        return known.countsAgainstLimit
    }

    static func write(_ directory: RunDirectory, inputs: [RunManifest.InputEntry]) throws -> Tally {
        let wanted = try Self.dataRejects(directory)
        let writer = RecordsCSVWriter(
            path: directory.file(Self.fileName), columns: inputs.flatMap { $0.columns ?? [] },
            extra: ["reason", "message"])
        var kinds: [(what: String, count: Int)] = []
        for (reject, record) in zip(wanted, try Self.records(of: wanted, in: directory, inputs: inputs)) {
            try writer.add(record, extra: [reject.reason, reject.message])
            let what = Self.what(reject.reason, field: reject.field)
            if let index = kinds.firstIndex(where: { $0.what == what }) {
                kinds[index].count += 1
            } else {
                kinds.append((what, 1))
            }
        }
        try writer.commit()
        return Tally(rows: writer.count, words: kinds.map { Self.plural($0.count, $0.what) }.joined(separator: ", "))
    }

    static func dataRejects(_ directory: RunDirectory) throws -> [Wanted] {
        let rejects = try RejectsFile.reader(path: directory.rejects)
        var wanted: [Wanted] = []
        while let row = try rejects.next() {
            let reason = RejectsFile.column("reason", of: row) ?? ""
            guard Self.isDataReason(reason), let source = RejectsFile.column("source", of: row),
                let record = RejectsFile.column("record", of: row).flatMap({ Int($0) })
            else { continue }
            wanted.append(
                Wanted(
                    id: RejectsFile.column("id", of: row).flatMap { Int($0) }, source: source, record: record, reason: reason,
                    message: RejectsFile.column("message", of: row) ?? "",
                    field: RejectsFile.column("field", of: row) ?? ""))
        }
        return wanted
    }

    /// The ingested record of each reject, decoded from its own line only; when the manifest's
    /// counts do not place a reject (an artifact written by hand), every line is walked instead.
    static func records(of wanted: [Wanted], in directory: RunDirectory, inputs: [RunManifest.InputEntry]) throws
        -> [IngestedRecord]
    {
        var offsets: [String: Int] = [:]
        var total = 0
        for input in inputs {
            offsets[input.path] = total
            offsets[SpreadsheetCSV.neutralised(input.path)] = total
            total += input.records
        }
        let places = wanted.map { reject in offsets[reject.source].map { $0 + reject.record - 1 } }
        if let direct = try? Self.decode(places, wanted, directory) { return direct }
        return try Self.walk(wanted, directory)
    }

    private struct Misplaced: Error {}

    private static func decode(_ places: [Int?], _ wanted: [Wanted], _ directory: RunDirectory) throws -> [IngestedRecord] {
        let targets = try places.map { try $0 ?? { throw Misplaced() }() }
        guard targets == targets.sorted() else { throw Misplaced() }
        let reader = try IngestedReader(path: directory.ingested)
        var found: [IngestedRecord] = []
        found.reserveCapacity(targets.count)
        var next = 0
        var first = 0
        while next < targets.count, let lines = try reader.nextLines(8_192) {
            while next < targets.count, targets[next] < first + lines.ends.count {
                let record = try ValidateChunk.record(targets[next] - first, of: lines, path: directory.ingested)
                guard Self.matches(record, wanted[next]) else { throw Misplaced() }
                found.append(record)
                next += 1
            }
            first += lines.ends.count
        }
        guard found.count == wanted.count else { throw Misplaced() }
        return found
    }

    /// Every ingested line in order, each matched against the next reject.
    private static func walk(_ wanted: [Wanted], _ directory: RunDirectory) throws -> [IngestedRecord] {
        let ingested = try IngestedReader(path: directory.ingested)
        var found: [IngestedRecord] = []
        var next = 0
        while next < wanted.count, let record = try ingested.next() {
            guard Self.matches(record, wanted[next]) else { continue }
            found.append(record)
            next += 1
        }
        return found
    }

    /// The thing to fix, singular: "phone number", "empty order".
    static func what(_ reason: String, field: String) -> String {
        switch RejectReason(rawValue: reason) {
        case .invalidPhone, .invalidNumber: "phone number"
        case .missingPhone: "missing phone"
        case .missingVariable: "empty \(field)"
        case .badVariable: "\(field) value"
        case .badName: "name"
        case .messageTooLong: "message too long"
        case .controlCharacter: "\(field) with a control character"
        case .noLanguage: "unknown \(field)"
        // Not the data's fault, so never in fix.csv; named all the same, so a new reason cannot go unlabelled.
        case .duplicate: "duplicate"
        case .suppressed: "opt-out"
        case .frequencyCap: "frequency cap"
        case .filtered: "filtered"
        case nil: "unreadable record"
        }
    }

    static func plural(_ count: Int, _ what: String) -> String {
        guard count != 1 else { return "1 \(what)" }
        if what == "message too long" { return "\(count) messages too long" }
        return "\(count) \(what)s"
    }
}

extension FixFile {
    /// The same record id; on a row from before ids, what `RejectsFile` matches such a row by.
    static func matches(_ record: IngestedRecord, _ reject: Wanted) -> Bool {
        if let id = reject.id { return record.id == id }
        return RejectsFile.matches(source: reject.source, record: reject.record, record)
    }
}
