import Foundation

/// `notifications.ndjson`: each notification the run sent (or tried to), one line each, appended as it
/// happens. A rerun of a stage reads it so that a receiver is told `finished` (or `paused`) once: a
/// later try goes only where no earlier one arrived.
public struct NotificationLine: Codable, Sendable, Equatable {
    /// `run.finished`, `run.failed`, …
    public var event: String
    /// Where it went, as logs show it (scheme and host; a Slack URL is a secret).
    public var target: String
    /// A digest of the whole URL, to tell two receivers on one host apart without keeping the URL.
    public var targetKey: String
    public var at: String
    public var delivered: Bool
    public var attempts: Int
    /// The last HTTP status, or why nothing came back.
    public var outcome: String

    public init(
        event: String, target: String, targetKey: String, at: String, delivered: Bool, attempts: Int, outcome: String
    ) {
        self.event = event
        self.target = target
        self.targetKey = targetKey
        self.at = at
        self.delivered = delivered
        self.attempts = attempts
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case event, target, at, delivered, attempts, outcome
        case targetKey = "target_key"
    }
}

public enum NotificationsFile {
    public static let file = RunFile.notifications

    /// Every line so far (none before the first notification).
    public static func read(_ run: RunDirectory) throws -> [NotificationLine] {
        try AppendLog(path: run.file(Self.file), what: "notifications log").decode(NotificationLine.self)
    }

    public static func append(_ line: NotificationLine, to run: RunDirectory) throws {
        let log = try AppendLog(path: run.file(Self.file), what: "notifications log")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try log.append(Array(try encoder.encode(line)))
    }

    /// Whether `event` already reached the receiver `targetKey`.
    public static func delivered(_ event: String, to targetKey: String, in lines: [NotificationLine]) -> Bool {
        lines.contains { $0.event == event && $0.targetKey == targetKey && $0.delivered }
    }
}
