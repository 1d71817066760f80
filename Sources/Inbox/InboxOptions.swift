import CampaignCore
import Reporting

/// How the watcher behaves; the command line fills it.
public struct InboxOptions: Sendable {
    /// Seconds a file's size and mtime must stay still before it is taken.
    public var settle: Double = 10
    /// Seconds between passes over the spool.
    public var interval: Double = 5
    /// Process what is there, then exit (cron).
    public var once = false
    /// Come back to unfinished campaigns on later passes instead of waiting for them.
    public var noWaitReport = false
    /// How long one report step waits for its campaigns.
    public var reportTimeout: Double = 3600
    /// Contents (sha256) the operator lets through once more.
    public var allowResend: Set<String> = []

    public init() {}
}
