import ArgumentParser
import CampaignCLI
import CampaignCore

@main
struct CampaignValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-validate",
        abstract: "Map, normalise (E.164), dedupe and check recipients: RUN/recipients.ndjson and RUN/rejects.csv.",
        discussion: """
            Applies the pipeline's mapping, normalises phones with libphonenumber (default region from \
            phone.region), drops duplicates (first wins) and opted-out numbers, and checks every template \
            variable. Exits 65 when rejects exceed reject_limit (duplicates and opt-outs do not count); \
            both files are written anyway so you can see why.

            Common spellings (+CC, 00CC, a trunk 0, bare national numbers) take a faster road to the same \
            answers libphonenumber's Parse gives, and common records are checked straight from their bytes; \
            CUBE_PHONES_REFERENCE=1 turns both off (every phone through Parse, every record through the \
            general rules), to compare.

            Example:
              campaign-validate --pipeline p.yaml --run runs/2026-05-01

            Exit codes: 0 ok, 64 usage, 65 too many rejects, 78 bad pipeline.
            """)

    @OptionGroup var stage: StageOptions

    func run() async throws {
        let logger = self.stage.logger("campaign-validate")
        try await Failure.guarding("campaign-validate") {
            let (pipeline, directory) = try self.stage.load()
            let counts = try ValidateStage(pipeline: pipeline, directory: directory, logger: logger).run()
            let reasons = counts.byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("validated \(counts.records) records: \(counts.accepted) to send, \(counts.rejected) rejected\(reasons.isEmpty ? "" : " (\(reasons))")")
        }
    }
}
