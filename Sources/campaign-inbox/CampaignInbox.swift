import ArgumentParser
import CampaignCLI
import CampaignCore

@main
struct CampaignInbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-inbox",
        abstract: "Watch a spool folder and run dropped exports through all stages (not built yet).",
        discussion: """
            Planned (issue: inbox): files dropped into SPOOL/inbox/ are claimed once stable, routed by the \
            pipelines' inbox.match patterns, run through ingest → validate → submit → report, and moved to \
            done/ or failed/ with an explanation. This version only checks its arguments and exits 69.
            """)

    @Option(help: "The spool folder (inbox/, runs/, done/, failed/).") var spool: String
    @Option(help: "The folder of pipeline files.") var pipelines: String

    func run() async throws {
        throw Failure.exit(CampaignError(.unavailable, "campaign-inbox is not implemented yet",
                                         hint: "run the stages with `make run` meanwhile"), command: "campaign-inbox")
    }
}
