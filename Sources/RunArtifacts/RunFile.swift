/// The name of a file in a run directory (DESIGN.md §3): the one place each is
/// spelled. An open vocabulary, as the run directory grows a file with a feature.
public struct RunFile: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { self.name }

    /// The manifest: pipeline, inputs, per-stage counts.
    public static let manifest = RunFile("run.json")
    /// One line per source record, as ingest read it.
    public static let ingested = RunFile("ingested.ndjson")
    /// The valid recipients, in input order (`RecipientsFile`).
    public static let recipients = RunFile("recipients.ndjson")
    /// The records validate turned away, and why.
    public static let rejects = RunFile("rejects.csv")
    /// Data rejects in the input's own columns, to fix and drop again.
    public static let fix = RunFile("fix.csv")
    /// The template's text as the API gave it.
    public static let template = RunFile("template.json")
    /// The batches, their keys and digests.
    public static let plan = RunFile("plan.json")
    /// `schedule.local_time`: the recipients regrouped by zone, and each line's group.
    public static let zonedRecipients = RunFile("recipients.zoned.ndjson")
    public static let zones = RunFile("recipients.zones")
    /// Submit's append-only log, and the test sends' own.
    public static let journal = RunFile("journal.ndjson")
    public static let testSends = RunFile("test-sends.ndjson")
    /// What the API said: each campaign's status, each recipient's result (`ResultsFile`).
    public static let campaigns = RunFile("campaigns.json")
    public static let results = RunFile("results.ndjson")
    /// The report: a row per input record, the counts, the page, the retryable failures.
    public static let report = RunFile("report.csv")
    public static let summary = RunFile("summary.json")
    public static let html = RunFile("report.html")
    public static let failed = RunFile("failed.csv")
    /// The dry run's page.
    public static let preview = RunFile("preview.html")
    /// An auto-pause's decision, kept before its first cancel.
    public static let autoPause = RunFile("auto-pause.json")
    /// The inbox's copy of the pipeline a dropped file was matched to, fixed for the run.
    public static let pipelineCopy = RunFile("pipeline.yaml")
    /// The inbox's state of a run it drives.
    public static let inboxState = RunFile("inbox.json")
    /// Each notification of the run sent (or tried), so none is announced twice (`NotificationsFile`).
    public static let notifications = RunFile("notifications.ndjson")
    /// The last stage that failed and why, until it succeeds (`StageFailureRecord`).
    public static let lastError = RunFile("last-error.json")
    /// Held by whoever writes the run: one at a time.
    public static let lock = RunFile(".lock")
}
