import Foundation
import RecipientIO

/// `run.json`: what went into a run and what each stage counted. No wall-clock
/// times inside, so a rerun on the same inputs writes the same bytes.
public struct RunManifest: Codable, Sendable, Equatable {
    public struct PipelineRef: Codable, Sendable, Equatable {
        public var name: String
        public var path: String
        public var digest: String
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
    }

    public struct IngestCounts: Codable, Sendable, Equatable {
        public var records: Int
        public var rejects: Int
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

        enum CodingKeys: String, CodingKey {
            case records, accepted, rejected, fix
            case byReason = "by_reason"
            case messageLengthsChecked = "message_lengths_checked"
        }
    }

    public struct SubmitCounts: Codable, Sendable, Equatable {
        public var batches: Int
        public var created: Int
        public var recipients: Int
        public var scheduled: Int
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
    }

    public var runId: String
    public var toolVersion: String
    public var pipeline: PipelineRef?
    public var inputs: [InputEntry]
    /// The run whose transient failures this one resends (`campaign-ingest --retry-of`).
    public var retryOf: String?
    public var stages: Stages

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case toolVersion = "tool_version"
        case retryOf = "retry_of"
        case pipeline, inputs, stages
    }

    public static let toolVersion = "0.1.0"

    public init(runId: String) {
        self.runId = runId
        self.toolVersion = Self.toolVersion
        self.inputs = []
        self.stages = Stages()
    }

    /// Reads the manifest, or starts one for a new run.
    public static func load(_ run: RunDirectory) throws -> RunManifest {
        guard run.exists(run.manifest) else { return RunManifest(runId: run.runId) }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: run.manifest)))
        } catch {
            throw CampaignError(
                .dataError, "\(run.manifest): unreadable manifest (\(error))",
                hint: "remove the run directory and start the run again")
        }
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.manifest)
    }
}

/// JSON artifacts: sorted keys and a trailing newline, so equal content is equal bytes.
public enum ArtifactJSON {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    public static func write(_ value: some Encodable, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(bytes: try Self.encode(value))
        try writer.commit()
    }

    public static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CampaignError(.dataError, "\(path): unreadable (\(error))")
        }
    }
}
