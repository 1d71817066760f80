import ArgumentParser
import CampaignCLI
import CampaignCore
import RecipientIO
import RunArtifacts

@main
struct CampaignIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-ingest",
        abstract:
            "Read recipient exports (CSV/TSV, JSON, NDJSON, XML, Excel .xlsx, OpenDocument .ods; gzip'd or not) into RUN/\(RunFile.ingested).",
        discussion: """
            Format, compression and encoding are detected from the bytes, not the name; the pipeline's \
            input: section and these flags override the guesses. Every record gets one line in \
            \(RunFile.ingested), including the ones that cannot be read (they carry a reject reason), so the \
            report accounts for every record. Field names are flattened: contact.mobile, tags.0, @id.

            Workbooks (.xlsx, .xlsm, .ods) are read from one sheet: --sheet (or input.sheet) names it, \
            or gives its position from 1; auto, the default, takes the first sheet whose header row holds \
            the mapped phone column, else the first sheet. The first row with a value names the columns; \
            wholly empty rows are skipped; a record's line is its row number in the sheet. Cells become \
            the text a person means: numbers by their value, not their display (966501234567, never \
            9.67E+11 or 966501234567.0), dates and times as ISO 8601 (2026-05-01, 2026-05-01T09:30:00), \
            booleans true/false, formulas by their last computed value. An old .xls or a \
            password-protected workbook is refused: save it as .xlsx or .csv.

            --retry-of OLD makes the run from OLD's own records instead of files: those whose send failed \
            for a transient reason (rate limits, 131000, 131016, 133004, timeouts; 131049's marketing cap \
            only a day after the failure), each keeping its source, record and line for the report. Never \
            one OLD sent, nor one messaged the same template by another run since (a second retry of OLD). \
            OLD needs its report (campaign-report) first. docs/operations.md lists every code and its class.

            Examples:
              campaign-ingest --pipeline p.yaml --run runs/x contacts.csv.gz
              zcat big.ndjson.gz | campaign-ingest --pipeline p.yaml --run runs/x -
              campaign-ingest --pipeline p.yaml --run runs/x-retry --retry-of runs/x    (or: make retry FROM=runs/x RUN=runs/x-retry)

            Exit codes: 0 ok, 64 usage, 65 unreadable input (a refused workbook included) or nothing to retry, 69 the history \
            cannot be reached (--retry-of), 78 bad pipeline.
            """)

    @OptionGroup var stage: StageOptions
    @Option(help: "The input format; auto detects it from the bytes.") var format: AutoOr<InputFormat>?
    @Option(help: "auto | utf-8 | utf-16le | utf-16be | windows-1256 | windows-1252 | iso-8859-1 | iso-8859-6") var encoding:
        String?
    @Option(help: "auto | , | ; | tab | |") var delimiter: String?
    @Option(help: "XML: the element of one record; JSON: a pointer to the records array (/data/contacts).") var record: String?
    @Option(help: "Workbooks: the sheet to read, by name or position from 1; auto picks the one with the phone column.")
    var sheet: String?
    @Option(
        help:
            "Largest field in bytes (default 1 MiB); a bigger one rejects its record, as does a record of more than 16 times this in all."
    )
    var maxFieldBytes: Int?
    @Option(help: "Largest gunzipped size in bytes (gzip bomb guard).") var maxGunzipBytes: Int64?
    @Option(help: "Largest gunzip expansion ratio (gzip bomb guard).") var maxGunzipRatio: Int64?
    @Option(help: ArgumentHelp("A run whose transient failures this run resends, instead of input files.", valueName: "OLD"))
    var retryOf: String?
    @Argument(help: "Input files; - reads stdin.") var inputs: [String] = []

    func validate() throws {
        if let encoding, encoding != "auto", TextEncoding(name: encoding) == nil {
            throw ValidationError("--encoding \(encoding) is not supported")
        }
        if let delimiter, delimiter != "auto", DelimiterName.byte(delimiter) == nil {
            throw ValidationError("--delimiter must be auto, ',', ';', tab or '|'")
        }
        if self.retryOf != nil && !self.inputs.isEmpty {
            throw ValidationError("--retry-of takes its records from the earlier run: name no input files")
        }
        if self.retryOf == nil && self.inputs.isEmpty {
            throw ValidationError("name at least one input file (or - for stdin), or --retry-of OLD")
        }
    }

    func run() async throws {
        let logger = self.stage.logger("campaign-ingest")
        try await self.stage.guarding("campaign-ingest", logger: logger) {
            let context = try self.stage.context(logger: logger, api: .none)
            let (pipeline, directory) = (context.pipeline, context.directory)
            if let retryOf = self.retryOf {
                let old = try RunDirectory(path: retryOf, create: false)
                let outcome = try RetryStage(pipeline: pipeline, directory: directory, from: old, logger: logger).run()
                let left = RetryStage.words(outcome)
                print(
                    "retrying \(outcome.retried) records of \(old.path) in \(directory.ingested)"
                        + (left == "no failures" ? "" : "; \(left)"))
                return
            }
            var overrides = InputOverrides(
                format: self.format?.chosen,
                encoding: self.encoding.flatMap { $0 == "auto" ? nil : TextEncoding(name: $0) },
                delimiter: self.delimiter.flatMap { $0 == "auto" ? nil : DelimiterName.byte($0) },
                record: self.record, maxFieldBytes: self.maxFieldBytes)
            overrides.sheet = self.sheet.map(SheetChoice.init)
            if self.maxGunzipBytes != nil || self.maxGunzipRatio != nil {
                var limits = GzipSource.Limits()
                if let bytes = self.maxGunzipBytes { limits.maxOutputBytes = bytes }
                if let ratio = self.maxGunzipRatio { limits.maxRatio = ratio }
                overrides.gzipLimits = limits
            }
            let counts = try IngestStage(context).run(inputs: self.inputs, overrides: overrides)
            print("ingested \(counts.records) records (\(counts.rejects) unreadable) into \(directory.ingested)")
        }
    }
}
