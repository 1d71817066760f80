/// Exit codes of DESIGN.md §9 (sysexits), shared by every stage.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case usage = 64
    case dataError = 65
    case unavailable = 69
    case tryLater = 75
    case notPermitted = 77
    case config = 78
}

/// A failure a stage reports to its user: what went wrong, where, what to do,
/// and the exit code that tells a scheduler how to react.
public struct CampaignError: Error, CustomStringConvertible, Sendable {
    public var status: ExitStatus
    public var message: String
    public var hint: String?

    public init(_ status: ExitStatus, _ message: String, hint: String? = nil) {
        self.status = status
        self.message = message
        self.hint = hint
    }

    public var description: String {
        guard let hint else { return self.message }
        return "\(self.message)\n  → \(hint)"
    }
}
