/// Where a run stands, as a person scanning last night's runs asks it.
public enum RunState: String, Sendable, Codable, CaseIterable {
    /// The report accounted for every record and every campaign has finished.
    case done
    /// A stage ended with 65, 69, 77 or 78 and has not succeeded since (`last-error.json`, or the inbox's failed step).
    case failed
    /// Auto-pause or a failed canary cancelled what had not started.
    case paused
    /// Campaigns wait for a later start (the send window, a tier's next day, a paced part).
    case waiting
    /// Campaigns were created and are being sent.
    case sending
    /// Validated or planned, nothing created yet.
    case ready
}
