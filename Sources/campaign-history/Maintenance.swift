import ArgumentParser
import CampaignCLI
import CampaignCore
import ContactHistory
import Foundation

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "How long sends and inbox events are kept (shown, or set with the flags); opt-outs are kept for ever.",
        discussion: """
            A setting of the history itself, shared by every pipeline and machine that uses it. After each \\
            report the sends and campaigns older than --keep-sends, and inbox events older than --keep-inbox, \\
            are removed. A pipeline whose frequency_cap looks back further than --keep-sends is refused (78).
            """)

    @Option(help: ArgumentHelp("Keep sends and campaigns this long (default 400d).", valueName: "days")) var keepSends: Days?
    @Option(help: ArgumentHelp("Keep inbox events this long (default 90d).", valueName: "days")) var keepInbox: Days?

    func validate() throws {
        // The 24-hour resend check, retries and the undeliverable-twice opt-out all look back a day.
        if let days = self.keepSends?.count, days < 1 {
            throw ValidationError(
                "--keep-sends must be at least 1d: a day of sends is what the resend check and retries look back on")
        }
    }

    func run() async throws {
        try await Failure.guarding("campaign-history retention") {
            let retention = try HistoryAdmin.fromEnvironment().retention(
                keepSends: self.keepSends?.count, keepInbox: self.keepInbox?.count)
            print("keep sends: \(retention.keepSendsDays)d\nkeep inbox events: \(retention.keepInboxDays)d")
        }
    }
}

struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove sends older than the retention (or --older-than) now, instead of after the next report.",
        discussion: "Opt-outs are never removed. Prints what it removes (with --dry-run, what it would).")

    @Option(help: ArgumentHelp("Remove sends going out before this many days ago (0d: every send until now).", valueName: "days"))
    var olderThan: Days?
    @Flag(help: "Count what would be removed; remove nothing.") var dryRun = false

    func run() async throws {
        try await Failure.guarding("campaign-history prune") {
            let (retention, removed) = try HistoryAdmin.fromEnvironment().prune(
                olderThanDays: self.olderThan?.count, dryRun: self.dryRun)
            let verb = self.dryRun ? "would remove" : "removed"
            print(
                "\(verb) \(removed.sends) send(s) in \(removed.campaigns) campaign(s) older than \(retention.keepSendsDays)d, "
                    + "\(removed.inboxEvents) inbox event(s) older than \(retention.keepInboxDays)d; opt-outs kept")
        }
    }
}

struct Forget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase people from the history on request (GDPR art. 17, Saudi PDPL), keeping opted-out ones suppressed.",
        discussion: """
            Removes the phones' sends and opt-out rows. A phone that had opted out stays suppressed as a keyed \\
            hash (the key is kept in the history), so it is never messaged again though its number is gone; \\
            --suppress keeps every named phone out that way. On SQLite the file is rebuilt and its log emptied, \\
            and copies taken before migrations are removed (named on stderr): afterwards the digits are in no \\
            file of the history. Run it when no stage or watcher has the history open.
            """)

    @Argument(help: ArgumentHelp("Phones in E.164.", valueName: "PHONE")) var phones: [String]
    @Flag(help: "Keep these phones out of future runs even if they had not opted out.") var suppress = false

    func run() async throws {
        try await Failure.guarding("campaign-history forget") {
            let counts = try HistoryAdmin.fromEnvironment().forget(self.phones, suppress: self.suppress)
            for copy in counts.copiesRemoved {
                FileHandle.standardError.write(
                    Data("removed \(copy): a copy taken before a migration, which held the phones\n".utf8))
            }
            FileHandle.standardError.write(
                Data(
                    """
                    forgot \(self.phones.count) phone(s): \(counts.sends) send(s) erased, \(counts.optOutsHashed) opt-out(s) \
                    and \(counts.suppressed) other(s) kept suppressed as keyed hashes

                    """.utf8))
        }
    }
}

struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the whole history into an empty one: SQLite to PostgreSQL when a second machine joins, or back.",
        discussion: """
            Reads one snapshot of this history and writes it in one transaction into --to, which must be \\
            empty; the counts of every table are compared before that transaction commits, so a failed copy \\
            leaves the target as it was. Stop the watchers and nightly jobs first: what they write after the \\
            copy began is not in it. Then point CUBE_STATE_URL (or CUBE_STATE_DIR) at the copy.
            """)

    @Option(help: ArgumentHelp("postgres://user@host/db, or the path of a new SQLite file.", valueName: "url-or-path")) var to:
        String

    func run() async throws {
        try await Failure.guarding("campaign-history copy") {
            let target = HistoryLocation.parse(self.to)
            let copied = try HistoryAdmin.fromEnvironment().copy(to: target)
            let counts = copied.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            FileHandle.standardError.write(Data("copied to \(target): \(counts); the counts match\n".utf8))
        }
    }
}
