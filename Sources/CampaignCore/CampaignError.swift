public import Sysexits

/// A failure a stage reports to its user: what went wrong, where, what to do,
/// and the exit code that tells a scheduler how to react.
public struct CampaignError: ExplainedError, Sendable {
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

    public var exitStatus: ExitStatus { self.status }
    public var summary: String { self.message }
    public var nextStep: String? { self.hint }
}
