import ArgumentParser
import CampaignCLI
import CampaignCore
import Foundation

@main
struct CampaignHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-history",
        abstract: "Look after the contact history: its status, opt-outs, retention, erasure on request, and moving it.",
        discussion: """
            The history is where CUBE_STATE_URL (PostgreSQL) or CUBE_STATE_DIR (the folder of history.sqlite) \
            says, else state/ in this folder, as the stages find it for runs in runs/. Data goes to stdout, \
            logs and errors to stderr; it never prompts. Phones are given and printed in E.164 (+9665…).

            Examples:
              campaign-history status --json
              campaign-history opt-outs list --csv > opt-outs.csv      # for the CRM
              campaign-history opt-outs add +966501234567 --reason "asked by phone"
              campaign-history opt-outs remove +966501234567 --reason "opted in again, ticket 4711"
              campaign-history retention --keep-sends 400d --keep-inbox 90d
              campaign-history prune --older-than 30d --dry-run
              campaign-history forget +966501234567                    # GDPR art. 17 / PDPL erasure
              campaign-history copy --to postgres://campaigns@db.internal/campaigns

            Exit codes: 0 done, 64 a bad phone or flag, 69 the history cannot be reached, 78 no history \
            there, one a newer release migrated, or a copy's target that is not empty.
            """,
        subcommands: [StatusCommand.self, OptOuts.self, RetentionCommand.self, Prune.self, Forget.self, Copy.self])
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where the history is, its schema version, rows per table, the span of its sends, its size.")

    @Flag(help: "One JSON object: location, schema_version, migrations, rows, oldest_send, newest_send, bytes.") var json = false

    func run() async throws {
        try await Failure.guarding("campaign-history status") {
            let status = try HistoryAdmin.fromEnvironment().status()
            print(self.json ? try HistoryAdmin.json(status) : HistoryAdmin.text(status))
        }
    }
}

struct OptOuts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opt-outs", abstract: "The phones never to message: list them, add some, take some off.",
        subcommands: [List.self, Add.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every opt-out: phone, reason, the run that found it, when.")
        @Flag(help: "CSV with a header (phone,reason,run,found_at), for a CRM to sync unsubscribes back.") var csv = false

        func run() async throws {
            try await Failure.guarding("campaign-history opt-outs list") {
                let text = try HistoryAdmin.fromEnvironment().optOuts(csv: self.csv)
                if !text.isEmpty { print(text, terminator: self.csv ? "" : "\n") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add phones to the opt-outs; validate rejects them as suppressed.")
        @Argument(help: ArgumentHelp("Phones in E.164.", valueName: "PHONE")) var phones: [String]
        @Option(help: "Why: validate's reject and the report name it.") var reason: String

        func run() async throws {
            try await Failure.guarding("campaign-history opt-outs add") {
                let added = try HistoryAdmin.fromEnvironment().addOptOuts(self.phones, reason: self.reason, by: Self.who)
                FileHandle.standardError.write(
                    Data("added \(added) opt-out(s); \(self.phones.count - added) already there\n".utf8))
            }
        }

        static var who: String { ProcessInfo.processInfo.environment["USER"] ?? "unknown user" }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take phones off the opt-outs: they may be messaged again.")
        @Argument(help: ArgumentHelp("Phones in E.164.", valueName: "PHONE")) var phones: [String]
        @Option(help: "Why they may be messaged again: logged with who did it.") var reason: String

        func run() async throws {
            try await Failure.guarding("campaign-history opt-outs remove") {
                let removed = try HistoryAdmin.fromEnvironment().removeOptOuts(self.phones)
                // Taking someone off the list is the one change here that can lead to a message: say who and why.
                FileHandle.standardError.write(
                    Data(
                        "removed \(removed) opt-out(s) (\(self.phones.count - removed) were not on the list); by \(Add.who): \(self.reason)\n"
                            .utf8))
            }
        }
    }
}
