import Foundation
import RecipientIO

/// `run.json`: what went into a run and what each stage counted. No wall-clock
/// times inside, so a rerun on the same inputs writes the same bytes.
public struct RunManifest: Codable, Sendable, Equatable {
    public struct PipelineRef: Codable, Sendable, Equatable {
        public var name: String
        public var path: String
        public var digest: String

        public init(name: String, path: String, digest: String) {
            self.name = name
            self.path = path
            self.digest = digest
        }
    }

    public struct InputEntry: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int64
        public var sha256: String
        public var format: String
        public var encoding: String
        public var compression: String
        public var delimiter: String?
        /// The sheet read, for a workbook (`input.sheet`, or the one `auto` chose).
        public var sheet: String?
        public var records: Int
        public var rejects: Int
        /// The input's column (field) names in order, when it has no more than a few hundred:
        /// validate checks the mapping against them.
        public var columns: [String]?

        public init(
            path: String, bytes: Int64, sha256: String, format: String, encoding: String, compression: String,
            delimiter: String? = nil, sheet: String? = nil, records: Int, rejects: Int, columns: [String]? = nil
        ) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.format = format
            self.encoding = encoding
            self.compression = compression
            self.delimiter = delimiter
            self.sheet = sheet
            self.records = records
            self.rejects = rejects
            self.columns = columns
        }
    }

    public struct IngestCounts: Codable, Sendable, Equatable {
        public var records: Int
        public var rejects: Int

        public init(records: Int, rejects: Int) {
            self.records = records
            self.rejects = rejects
        }
    }

    public struct ValidateCounts: Codable, Sendable, Equatable {
        public var records: Int
        public var accepted: Int
        public var rejected: Int
        public var byReason: [String: Int]
        /// Whether the template's text was known, so every message's length was checked here;
        /// when not, submit's preflight checks them before any create.
        public var messageLengthsChecked: Bool?
        /// What `fix.csv` asks a person to correct, in words (`3 phone numbers, 1 empty order`); nil when nothing.
        public var fix: String?
        /// `filter:`: how many records each rule left out, by the rule's reject message; nil without filters.
        public var byFilter: [String: Int]?

        public init(
            records: Int, accepted: Int, rejected: Int, byReason: [String: Int], messageLengthsChecked: Bool? = nil,
            fix: String? = nil, byFilter: [String: Int]? = nil
        ) {
            self.records = records
            self.accepted = accepted
            self.rejected = rejected
            self.byReason = byReason
            self.messageLengthsChecked = messageLengthsChecked
            self.fix = fix
            self.byFilter = byFilter
        }

        enum CodingKeys: String, CodingKey {
            case records, accepted, rejected, fix
            case byReason = "by_reason"
            case byFilter = "by_filter"
            case messageLengthsChecked = "message_lengths_checked"
        }
    }

    public struct SubmitCounts: Codable, Sendable, Equatable {
        public var batches: Int
        public var created: Int
        public var recipients: Int
        public var scheduled: Int

        public init(batches: Int, created: Int, recipients: Int, scheduled: Int) {
            self.batches = batches
            self.created = created
            self.recipients = recipients
            self.scheduled = scheduled
        }
    }

    public struct ReportCounts: Codable, Sendable, Equatable {
        public var records: Int
        public var byOutcome: [String: Int]

        public init(records: Int, byOutcome: [String: Int]) {
            self.records = records
            self.byOutcome = byOutcome
        }

        enum CodingKeys: String, CodingKey {
            case records
            case byOutcome = "by_outcome"
        }
    }

    public struct Stages: Codable, Sendable, Equatable {
        public var ingest: IngestCounts?
        public var validate: ValidateCounts?
        public var submit: SubmitCounts?
        public var report: ReportCounts?

        public init(
            ingest: IngestCounts? = nil, validate: ValidateCounts? = nil, submit: SubmitCounts? = nil, report: ReportCounts? = nil
        ) {
            self.ingest = ingest
            self.validate = validate
            self.submit = submit
            self.report = report
        }
    }

    public var runId: String
    public var toolVersion: String
    public var pipeline: PipelineRef?
    public var inputs: [InputEntry]
    /// The run whose transient failures this one resends (`campaign-ingest --retry-of`).
    public var retryOf: String?
    /// Random, made when the run is first ingested and kept: two machines' runs of the same folder
    /// name planned in the same second are still two runs to a shared contact history
    /// (`SendHistory.runKey`). Nil in runs begun by a release before it, which keep their old key.
    public var instance: String?
    public var stages: Stages

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case toolVersion = "tool_version"
        case retryOf = "retry_of"
        case pipeline, inputs, stages, instance
    }

    public static let toolVersion = "0.1.0"

    /// A new run's instance: 16 hex digits from the system's random source.
    public static func newInstance() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A new run's instance; a run that has a `run.json` keeps what it holds, so a run ingested again
    /// stays the same run, and one begun before instances (or whose run.json cannot be read) keeps
    /// none: a new instance there would give its plan, if rebuilt, another digest than its journal's.
    public static func instance(of run: RunDirectory) -> String? {
        guard run.exists(run.manifest) else { return Self.newInstance() }
        return (try? Self.load(run))?.instance
    }

    public init(runId: String) {
        self.runId = runId
        self.toolVersion = Self.toolVersion
        self.inputs = []
        self.stages = Stages()
    }

    /// Reads the manifest, or starts one for a new run.
    public static func load(_ run: RunDirectory) throws -> RunManifest {
        guard run.exists(run.manifest) else { return RunManifest(runId: run.runId) }
        return try ArtifactJSON.read(RunManifest.self, from: run.manifest)
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.manifest)
    }
}
