import Foundation

/// One receiver of `notify:`: where the news of a run goes, in which shape, for which events. Nightly
/// jobs run unattended; the people who own them learn how a run went without opening its folder.
public struct NotifyTarget: Sendable, Equatable {
    /// What a receiver reads.
    public enum Format: String, Sendable, CaseIterable {
        /// A Slack incoming webhook's body: `text` and blocks, readable on a phone.
        case slack
        /// `{"event": "run.finished", "run": …, "pipeline": …, "counts": {…}, "at": …}`.
        case json
    }

    /// The URL as the pipeline gives it (`${SLACK_WEBHOOK_URL}` substituted): a secret for Slack, so
    /// never logged whole (`shown`).
    public var url: String
    public var format: Format
    public var events: Set<NotifyEvent>
    /// The environment variable holding the secret the `json` body is signed with, as the API signs its webhooks.
    public var secretEnv: String?

    public init(url: String, format: Format, events: Set<NotifyEvent>, secretEnv: String? = nil) {
        self.url = url
        self.format = format
        self.events = events
        self.secretEnv = secretEnv
    }

    /// `https://hooks.slack.com/…`: the scheme and host, for logs and `notifications.ndjson`.
    public var shown: String {
        guard let range = self.url.range(of: "://") else { return "…" }
        let rest = self.url[range.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(self.url[..<range.upperBound]) + host + "/…"
    }
}

/// What a run can tell: a closed set, each with its name in the pipeline and in a `json` body.
public enum NotifyEvent: String, Sendable, CaseIterable {
    /// The report accounted for every record.
    case finished
    /// Auto-pause or a failed canary cancelled what had not started.
    case paused
    /// A stage ended with 65, 69, 77 or 78 (75, "try again later", is not a failure).
    case failed
    /// The inbox moved a dropped file to `failed/`.
    case rejectedFile = "rejected_file"

    /// `run.finished`, `inbox.rejected_file`: the `event` of a `json` body.
    public var wireName: String { self == .rejectedFile ? "inbox.rejected_file" : "run.\(self.rawValue)" }
}
