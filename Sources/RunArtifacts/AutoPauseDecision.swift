import Foundation

/// `auto-pause.json`: what tripped `max_failure_rate` and what it cancelled, kept the moment it
/// happens, so a later report of the run says the same and does not judge (or cancel) again.
public struct AutoPauseDecision: Codable, Sendable, Equatable {
    public var failed: Int
    public var finished: Int
    /// The parts cancelled, and how many recipients they held.
    public var cancelled: [String]
    public var recipients: Int
    /// The `max_failure_rate` it was judged by.
    public var limit: Double

    public init(failed: Int, finished: Int, cancelled: [String], recipients: Int, limit: Double) {
        self.failed = failed
        self.finished = finished
        self.cancelled = cancelled
        self.recipients = recipients
        self.limit = limit
    }

    public static let fileName = RunFile.autoPause.name

    public static func load(_ run: RunDirectory) throws -> AutoPauseDecision? {
        let path = run.file(Self.fileName)
        return run.exists(path) ? try ArtifactJSON.read(AutoPauseDecision.self, from: path) : nil
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.file(Self.fileName))
    }
}
