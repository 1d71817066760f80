import ArgumentParser
import CampaignCLI
import Foundation
import Runs

@main
struct CampaignRuns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-runs",
        abstract: "Past runs at a glance: a table, or a page of them.",
        discussion: """
            Reads run folders (never the API): each run's pipeline, when it was planned, where it stands \
            (done, failed, paused, waiting with its next start, sending, ready) and its records, sent, failed \
            and rejected. A folder may be a run or a folder of runs (runs/, or an inbox's SPOOL/runs).

            Examples:
              campaign-runs list runs/ SPOOL/runs
              campaign-runs list runs/ --json | jq '.[] | select(.status == "failed")'
              campaign-runs index runs/ --out runs/index.html

            Exit codes: 0 ok, 64 usage, 65 no run folder found.
            """,
        subcommands: [List.self, Index.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the runs, newest first.")

        @Argument(help: ArgumentHelp("Run folders, or folders of runs.", valueName: "DIR")) var folders: [String]
        @Flag(help: "JSON, for scripts.") var json = false

        func run() async throws {
            let listings = try RunsCommand.listings(self.folders)
            if self.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(listings), as: UTF8.self))
            } else {
                print(RunsTable.text(listings))
            }
        }
    }

    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained page of the runs, each linking to its report, preview and error.")

        @Argument(help: ArgumentHelp("Run folders, or folders of runs.", valueName: "DIR")) var folders: [String]
        @Option(help: ArgumentHelp("Where the page goes.", valueName: "index.html")) var out: String

        func run() async throws {
            let listings = try RunsCommand.listings(self.folders)
            try RunsIndexHTML.write(listings, to: self.out)
            print("\(self.out): \(listings.count) run(s)")
        }
    }
}

enum RunsCommand {
    static func listings(_ folders: [String]) throws -> [RunListing] {
        PrivateFiles.apply()
        guard !folders.isEmpty else { throw ValidationError("name at least one folder of runs") }
        let listings = RunListing.scan(folders)
        guard !listings.isEmpty else {
            FileHandle.standardError.write(
                Data("campaign-runs: no run folder (with a run.json) in \(folders.joined(separator: ", "))\n".utf8))
            throw ExitCode(65)
        }
        return listings
    }
}
