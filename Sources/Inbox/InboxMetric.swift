/// The watcher's own numbers, by name and help line: one vocabulary for the code that counts
/// them (`InboxMeters`) and the backend that serves them (`campaign-inbox --metrics`), so a
/// scrape never shows a metric without its `# HELP`.
public struct InboxMetric: Sendable, Hashable {
    public let name: String
    public let help: String

    public static let claimed = InboxMetric(
        name: "cube_inbox_files_claimed_total", help: "Files taken from inbox/ into a run since the watcher started.")
    public static let done = InboxMetric(
        name: "cube_inbox_files_done_total",
        help: "Files whose run ended with a report, moved to done/, since the watcher started.")
    public static let failed = InboxMetric(
        name: "cube_inbox_files_failed_total",
        help: "Files moved to failed/ (no pipeline, not UTF-8, sent before, or a stage failed) since the watcher started.")
    public static let waiting = InboxMetric(
        name: "cube_inbox_files_waiting", help: "Files in inbox/ not taken yet (still being written or settling).")
    public static let inProgress = InboxMetric(
        name: "cube_inbox_runs_in_progress", help: "Runs claimed and not yet in done/ or failed/.")
    public static let lastPass = InboxMetric(
        name: "cube_inbox_last_pass_timestamp_seconds", help: "When the last pass over the spool ended (Unix time).")
    public static let sinceLastPass = InboxMetric(
        name: "cube_inbox_seconds_since_last_pass",
        help: "Seconds since the last pass over the spool ended (since the start before the first one).")

    public static let all: [InboxMetric] = [
        .claimed, .done, .failed, .waiting, .inProgress, .lastPass, .sinceLastPass,
    ]
}
