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
    /// `pace.canary`: the canary's parts were judged (`failed` and `finished` are theirs), not the run's.
    public var canary: Bool?
    /// The canary's most frequent errors, and how many of its recipients had each.
    public var topErrors: [ErrorCount]?

    public struct ErrorCount: Codable, Sendable, Equatable {
        public var error: String
        public var count: Int

        public init(error: String, count: Int) {
            self.error = error
            self.count = count
        }
    }

    enum CodingKeys: String, CodingKey {
        case failed, finished, cancelled, recipients, limit, canary
        case topErrors = "top_errors"
    }

    public init(
        failed: Int, finished: Int, cancelled: [String], recipients: Int, limit: Double, canary: Bool? = nil,
        topErrors: [ErrorCount]? = nil
    ) {
        self.failed = failed
        self.finished = finished
        self.cancelled = cancelled
        self.recipients = recipients
        self.limit = limit
        self.canary = canary
        self.topErrors = topErrors
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
