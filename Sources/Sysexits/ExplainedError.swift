/// An error that knows how a scheduler should take it and what a person should do next, as
/// Hummingbird's `HTTPResponseError` carries its status: the status is decided where the failure
/// is understood, once, not at each place that catches it. `CampaignError.from` turns any of them
/// into the stage's message and exit code.
public protocol ExplainedError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
    /// What failed and where, without the advice.
    var summary: String { get }
    /// What to do about it, for the line after the message; nil when the message says it all.
    var nextStep: String? { get }
}
