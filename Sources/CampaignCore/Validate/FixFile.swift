import Foundation
import RecipientIO

/// `fix.csv`: every record validate rejected for a reason in its data (a bad
/// phone, an empty variable, a message too long — not a duplicate, an opt-out
/// or a cap), in the input's own columns and order, then `reason` and
/// `message`. A person corrects it in a spreadsheet and ingests it again with
/// the same pipeline. Written from `rejects.csv` and `ingested.ndjson`, walked
/// together in input order.
struct FixFile {
    static let fileName = "fix.csv"

    /// How many rows it holds, and what to fix in words: `3 phone numbers, 1 empty order`.
    struct Outcome: Sendable {
        var rows: Int
        var words: String
    }

    static func isDataReason(_ reason: String) -> Bool {
        guard let known = RejectReason(rawValue: reason) else { return true }   // ingest's own: the record could not be read
        return known.countsAgainstLimit
    }

    static func write(_ directory: RunDirectory, columns: [String]) throws -> Outcome {
        let writer = RecordsCSVWriter(path: directory.file(Self.fileName), columns: columns, extra: ["reason", "message"])
        let ingested = try IngestedReader(path: directory.ingested)
        let rejects = CSVReader(source: try FileSource(path: directory.rejects), name: directory.rejects,
                                options: .init(delimiter: UInt8(ascii: ","), header: true, maxFieldBytes: 1 << 22))
        var next = try rejects.next()
        var kinds: [(what: String, count: Int)] = []
        func count(_ what: String) {
            if let index = kinds.firstIndex(where: { $0.what == what }) { kinds[index].count += 1 } else { kinds.append((what, 1)) }
        }
        while let reject = next, let record = try ingested.next() {
            guard ReportInputs.matches(reject, record) else { continue }
            next = try rejects.next()
            let reason = ReportInputs.column("reason", of: reject) ?? ""
            guard Self.isDataReason(reason) else { continue }
            try writer.add(record, extra: [reason, ReportInputs.column("message", of: reject) ?? ""])
            count(Self.what(reason, field: ReportInputs.column("field", of: reject) ?? ""))
        }
        try writer.commit()
        let words = kinds.map { Self.plural($0.count, $0.what) }.joined(separator: ", ")
        return Outcome(rows: writer.count, words: words)
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
        default: "unreadable record"
        }
    }

    static func plural(_ count: Int, _ what: String) -> String {
        guard count != 1 else { return "1 \(what)" }
        if what == "message too long" { return "\(count) messages too long" }
        return "\(count) \(what)s"
    }
}
