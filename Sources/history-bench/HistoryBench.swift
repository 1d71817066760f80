import ArgumentParser
import ContactHistory
import Foundation

/// `make bench-history`'s own tool: fills a SQLite contact history with
/// millions of sends through the same code the stages use, and times the two
/// questions a run asks of it for a million recipients (the sent-previously
/// check and the frequency caps). Not installed; the numbers are its output.
@main
struct HistoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history-bench",
        abstract: "Fill a contact history and time the checks a run makes of it (make bench-history).",
        subcommands: [Fill.self, CheckCommand.self])

    /// The bench's phones: +9665 and eight digits, spread as scripts/gen_data.py spreads them.
    static func phone(_ index: Int) -> String {
        "+9665" + String(format: "%08d", (index &* 7919) % 100_000_000)
    }

    static func open(_ folder: String) throws -> any ContactHistory {
        try HistoryLocation.from(environment: ["CUBE_STATE_DIR": folder], runDirectory: folder + "/run").open()
    }

    struct Fill: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record SENDS sends: campaigns of 50,000 over the last ten days, two templates.")
        @Option(help: "The history's folder (CUBE_STATE_DIR).") var dir: String
        @Option(help: "How many sends.") var sends = 10_000_000
        @Option(help: "How many distinct phones they go to, from index 500,000 on.") var phones = 5_000_000

        func run() throws {
            let history = try HistoryBench.open(self.dir)
            let started = Date()
            let perCampaign = 50_000
            let now = Date()
            for campaign in 0..<(self.sends + perCampaign - 1) / perCampaign {
                let first = campaign * perCampaign
                let phones = (first..<min(first + perCampaign, self.sends)).map { HistoryBench.phone(500_000 + $0 % self.phones) }
                let starts = now.addingTimeInterval(-Double(campaign % 10) * 86_400 - 3_600)
                let record = CreatedCampaign(
                    run: "bench-\(campaign / 4)", unit: String(campaign % 4 + 1), key: "cc2-bench-\(campaign)",
                    campaignId: "BENCH\(campaign)", account: "sandbox-account",
                    template: campaign % 2 == 0 ? "order_confirmation" : "offer_reminder", language: "ar",
                    startsAt: HistoryBench.utc(starts))
                try history.recordCreated(record, phones: phones)
            }
            print(
                String(
                    format: "filled %d sends to %d phones in %.1f s", self.sends, self.phones, Date().timeIntervalSince(started)))
        }
    }

    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Time both checks for RECIPIENTS recipients.")
        @Option(help: "The history's folder (CUBE_STATE_DIR).") var dir: String
        @Option(help: "How many recipients.") var recipients = 1_000_000

        func run() throws {
            let history = try HistoryBench.open(self.dir)
            let phones = (0..<self.recipients).map(HistoryBench.phone)
            let since = HistoryBench.utc(Date().addingTimeInterval(-7 * 86_400))
            var started = Date()
            let prior = try history.priorRuns(
                phones: phones, account: "sandbox-account", template: "order_confirmation",
                since: HistoryBench.utc(Date().addingTimeInterval(-86_400)), excludingRun: "new")
            let priorSeconds = Date().timeIntervalSince(started)
            started = Date()
            let sends = try history.recentSends(
                phones: phones, account: "sandbox-account", since: since, excludingRun: nil, failed: false)
            let capSeconds = Date().timeIntervalSince(started)
            print(
                String(
                    format: "sent-previously check  %9d recipients  %6.2f s  (%d other runs, %d of their phones)",
                    self.recipients, priorSeconds, prior.count, prior.reduce(0) { $0 + $1.phones }))
            print(
                String(
                    format: "frequency-cap lookup   %9d recipients  %6.2f s  (%d sends in the last 7 days)",
                    self.recipients, capSeconds, sends.count))
        }
    }

    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
