import Foundation

/// `last-error.json`: the last stage of the run that ended in a failure a person must act on (65,
/// 69, 77, 78), with its message and what to do; removed when that stage later succeeds. It is what
/// `campaign-runs` calls a failed run, and the error text its page links to.
public struct StageFailureRecord: Codable, Sendable, Equatable {
    public var stage: String
    public var status: Int
    public var message: String
    public var hint: String?
    public var at: String

    public init(stage: String, status: Int, message: String, hint: String?, at: String) {
        self.stage = stage
        self.status = status
        self.message = message
        self.hint = hint
        self.at = at
    }

    public static let file = RunFile.lastError

    public static func load(_ run: RunDirectory) -> StageFailureRecord? {
        let path = run.file(Self.file)
        return run.exists(path) ? try? ArtifactJSON.read(StageFailureRecord.self, from: path) : nil
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.file(Self.file))
    }

    /// The stage succeeded since: its failure is over.
    public static func clear(stage: String, in run: RunDirectory) {
        guard let record = Self.load(run), record.stage == stage else { return }
        try? FileManager.default.removeItem(atPath: run.file(Self.file))
    }
}
