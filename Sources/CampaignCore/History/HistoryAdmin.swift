import ArtifactText
public import ContactHistory
import CubeAPI
public import Foundation
import Sysexits

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
        if let retention = status.retention {
            lines.append("keeps sends \(retention.keepSendsDays)d, inbox events \(retention.keepInboxDays)d; opt-outs for ever")
        }
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
            try history.addOptOuts(
                phones.map { OptOut(phone: $0, reason: reason, run: "campaign-history (\(who))", foundAt: found) })
            return Set(phones).subtracting(before.keys).count
        }
    }

    /// Takes phones off the opt-out list; how many were on it.
    public func removeOptOuts(_ phones: [String]) throws -> Int {
        try Self.checkPhones(phones)
        return try self.guarded(creating: false) { try $0.removeOptOuts(phones) }
    }

    /// The retention as set, after setting what is given (days; nil keeps the value).
    public func retention(keepSends: Int?, keepInbox: Int?) throws -> Retention {
        try self.guarded(creating: keepSends != nil || keepInbox != nil) { history in
            var retention = try history.retention()
            guard keepSends != nil || keepInbox != nil else { return retention }
            retention.keepSendsDays = keepSends ?? retention.keepSendsDays
            retention.keepInboxDays = keepInbox ?? retention.keepInboxDays
            try history.setRetention(retention)
            return retention
        }
    }

    /// Removes sends (and their campaigns) older than `days`, or than the retention keeps, and inbox
    /// events older than the retention keeps them (or `days`, when given); `dryRun` only counts.
    public func prune(olderThanDays days: Int?, dryRun: Bool, now: Date = Date()) throws -> (
        retention: Retention, removed: PruneCounts
    ) {
        try self.guarded(creating: false) { history in
            guard let days else { return try history.pruneByRetention(now: now, dryRun: dryRun) }
            let retention = try history.retention()
            let removed = try history.prune(
                olderThanDays: days, inboxDays: min(days, retention.keepInboxDays), now: now, dryRun: dryRun)
            return (Retention(keepSendsDays: days, keepInboxDays: min(days, retention.keepInboxDays)), removed)
        }
    }

    /// Erases the phones from the history (an opt-out kept as a keyed hash; with `suppress`, every one of them kept out).
    public func forget(_ phones: [String], suppress: Bool, now: Date = Date()) throws -> ForgetCounts {
        try Self.checkPhones(phones)
        return try self.guarded(creating: false) { try $0.forget(phones, suppress: suppress, at: Timestamp.utc(now)) }
    }

    /// Copies the whole history into the empty one at `target`; rows per table.
    public func copy(to target: HistoryLocation) throws -> [String: Int] {
        guard self.location.mayHoldSends else {
            throw CampaignError(
                .config, "there is no contact history at \(self.location) to copy",
                hint: "set CUBE_STATE_DIR or CUBE_STATE_URL to the history to copy from")
        }
        return try self.location.copy(to: target)
    }

    /// Phones as the history keeps them: `+` and 8 to 15 digits.
    static func checkPhones(_ phones: [String]) throws {
        guard !phones.isEmpty else { throw CampaignError(.usage, "name at least one phone, in E.164 (+9665…)") }
        for phone in phones {
            let digits = phone.utf8.dropFirst()
            guard phone.hasPrefix("+"), (8...15).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw CampaignError(
                    .usage, "'\(phone.prefix(40))' is not a phone in E.164 (+ and 8 to 15 digits, e.g. +966501234567)")
            }
        }
    }

    /// Opens the history (never creating a SQLite file just to read it) and names it in any failure.
    func guarded<T>(creating: Bool, _ body: (any ContactHistory) throws -> T) throws -> T {
        guard creating || self.location.mayHoldSends else {
            throw CampaignError(
                .config, "there is no contact history at \(self.location)",
                hint:
                    "set CUBE_STATE_DIR (the folder of history.sqlite) or CUBE_STATE_URL, or run this where the stages keep state/"
            )
        }
        return try body(try self.location.open())
    }
}
