import ContactHistory
import CubeAPI
import Foundation

/// What `campaign-history` does, for its thin executable: the history's status, and its opt-outs
/// listed for a CRM, added by hand, or taken off. Phones are given and printed in E.164.
public struct HistoryAdmin: Sendable {
    public let location: HistoryLocation

    public init(location: HistoryLocation) {
        self.location = location
    }

    /// `CUBE_STATE_URL`, else `CUBE_STATE_DIR`, else `state/` in this folder: where the stages keep the
    /// history of runs in `runs/` here.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryAdmin {
        HistoryAdmin(location: HistoryLocation.from(environment: environment, runDirectory: "runs/any"))
    }

    /// The schema's version, each table's rows, the span of the sends.
    public func status() throws -> HistoryStatus {
        try self.guarded(creating: false) { try $0.status() }
    }

    /// One object on one line, keys sorted, for scripts.
    public static func json(_ status: HistoryStatus) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(status), as: UTF8.self)
    }

    /// The status as a person reads it.
    public static func text(_ status: HistoryStatus) -> String {
        var lines = [
            "contact history: \(status.location)",
            "schema version: \(status.schemaVersion) (\(status.migrations.joined(separator: ", ")))",
            "campaigns: \(status.rows.campaigns)",
            "sends: \(status.rows.sends)" + (status.oldestSend.map { " (\($0) to \(status.newestSend ?? $0))" } ?? ""),
            "opt-outs: \(status.rows.optOuts)",
            "inbox holds: \(status.rows.inboxHolds), inbox events: \(status.rows.inboxEvents)",
        ]
        if let bytes = status.bytes { lines.append("size on disk: \(bytes) bytes") }
        return lines.joined(separator: "\n")
    }

    /// Every opt-out, by phone: `phone,reason,run,found_at` with a header (`csv`), or one per line.
    public func optOuts(csv: Bool) throws -> String {
        let all = try self.guarded(creating: false) { try $0.optOuts() }.values.sorted { $0.phone < $1.phone }
        guard csv else {
            return all.map { "\($0.phone)  \($0.reason) (found by \($0.run), \($0.foundAt))" }.joined(separator: "\n")
        }
        let header = SpreadsheetCSV.row(["phone", "reason", "run", "found_at"])
        return header + all.map { SpreadsheetCSV.row([$0.phone, $0.reason, $0.run, $0.foundAt]) }.joined()
    }

    /// Adds opt-outs by hand (a phone already out keeps its first reason); how many are new.
    public func addOptOuts(_ phones: [String], reason: String, by who: String, now: Date = Date()) throws -> Int {
        try Self.checkPhones(phones)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CampaignError(.usage, "opt-outs add needs --reason: the report names it to whoever asks why")
        }
        return try self.guarded(creating: true) { history in
            let before = try history.optOuts()
            let found = Timestamp.utc(now)
            try history.addOptOuts(phones.map { OptOut(phone: $0, reason: reason, run: "campaign-history (\(who))", foundAt: found) })
            return Set(phones).subtracting(before.keys).count
        }
    }

    /// Takes phones off the opt-out list; how many were on it.
    public func removeOptOuts(_ phones: [String]) throws -> Int {
        try Self.checkPhones(phones)
        return try self.guarded(creating: false) { try $0.removeOptOuts(phones) }
    }

    /// Phones as the history keeps them: `+` and 8 to 15 digits.
    static func checkPhones(_ phones: [String]) throws {
        guard !phones.isEmpty else { throw CampaignError(.usage, "name at least one phone, in E.164 (+9665…)") }
        for phone in phones {
            let digits = phone.utf8.dropFirst()
            guard phone.hasPrefix("+"), (8...15).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw CampaignError(.usage, "'\(phone.prefix(40))' is not a phone in E.164 (+ and 8 to 15 digits, e.g. +966501234567)")
            }
        }
    }

    /// Opens the history (never creating a SQLite file just to read it) and names it in any failure.
    func guarded<T>(creating: Bool, _ body: (any ContactHistory) throws -> T) throws -> T {
        guard creating || self.location.mayHoldSends else {
            throw CampaignError(.config, "there is no contact history at \(self.location)",
                                hint: "set CUBE_STATE_DIR (the folder of history.sqlite) or CUBE_STATE_URL, or run this where the stages keep state/")
        }
        do {
            return try body(try self.location.open())
        } catch let error as HistoryError {
            throw CampaignError(.unavailable, "\(error)", hint: "check CUBE_STATE_URL or CUBE_STATE_DIR, then run the same command again")
        }
    }
}
