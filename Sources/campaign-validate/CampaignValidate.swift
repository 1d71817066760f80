import ArgumentParser
import CampaignCLI
import CampaignCore
import CubeAPI
import RunArtifacts

@main
struct CampaignValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-validate",
        abstract: "Map, normalise (E.164), dedupe and check recipients: RUN/\(RunFile.recipients) and RUN/\(RunFile.rejects).",
        discussion: """
            Applies the pipeline's mapping, normalises phones with libphonenumber (default region from \
            phone.region), drops duplicates (first wins) and opted-out numbers, and checks every template \
            variable. Exits 65 when rejects exceed reject_limit (duplicates, opt-outs and frequency caps \
            do not count); both files are written anyway so you can see why.

            filter: keeps only the records every rule keeps (City in [Riyadh, Jeddah], Consent not_in \
            [no]); a record left out is "filtered" in RUN/\(RunFile.rejects) and the report, counted per rule, \
            never in RUN/\(RunFile.fix) nor against reject_limit. language: picks each recipient's template \
            language from a column (map, then the codes the pipeline names; an empty or unknown cell gets \
            the fallback, or with fallback: reject is a no_language reject in RUN/\(RunFile.fix)).

            The template's text is read from the API (once, kept as RUN/\(RunFile.template)) so that a record \
            whose variables would make the message longer than WhatsApp's 1,024 characters is rejected \
            here (message_too_long). When the API does not answer, validate says so and goes on; \
            campaign-submit then checks the lengths before it creates anything.

            RUN/\(RunFile.fix) holds every record rejected for a reason in its data (not duplicates, opt-outs or \
            caps) in the input's own columns, then reason and message: correct it in a spreadsheet and \
            ingest it again with the same pipeline. The last line says what to fix, e.g. \
            "fix 3 phone numbers, 1 empty order (runs/x/\(RunFile.fix))".

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
        try await self.stage.guarding("campaign-validate", logger: logger) {
            let context = try self.stage.context(logger: logger, api: .ifConfigured)
            let directory = context.directory
            let counts = try await ValidateStage.prepared(context).run()
            let reasons = counts.byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print(
                "validated \(counts.records) records: \(counts.words)\(reasons.isEmpty ? "" : " (\(reasons))")"
            )
            // The last line says what a person must correct, and where.
            print(counts.fix.map { "fix \($0) (\(directory.fix))" } ?? "nothing to fix")
        }
    }
}
