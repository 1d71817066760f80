import CampaignCore
import CubeAPI
import Foundation
public import RunArtifacts

/// `max_failure_rate`: while report polls, once more than this share of the
/// run's finished recipients failed, whatever has not started (parts scheduled
/// for later, tomorrow's tier) is cancelled through the same path as
/// `campaign-submit --cancel`, and report ends with 65 saying so. Judged only
/// once enough have finished that a few early failures cannot trip it.
public struct AutoPause {
    /// Finished recipients needed before the share is judged (or all of the run's, if fewer).
    static let minimumFinished = 20

    let limit: Double

    /// The share that trips the pause, if the latest counts pass the limit.
    func tripped(_ latest: [String: Campaign], recipients: Int) -> (failed: Int, finished: Int)? {
        let failed = latest.values.reduce(0) { $0 + $1.failedCount }
        let finished = latest.values.reduce(0) { $0 + $1.sentCount + $1.failedCount }
        guard finished >= min(Self.minimumFinished, max(1, recipients)), Double(failed) > self.limit * Double(finished) else {
            return nil
        }
        return (failed, finished)
    }

    public static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    /// The words report ends with (and a `paused` notification carries).
    public static func message(_ decision: AutoPauseDecision) -> String {
        let share = Self.percent(Double(decision.failed) / Double(max(1, decision.finished)))
        let what =
            decision.cancelled.isEmpty
            ? "nothing was left to cancel (every part had started)"
            : "cancelled part(s) \(decision.cancelled.joined(separator: ", ")) (\(decision.recipients) recipients), which had not started"
        let errors = (decision.topErrors ?? []).map { "\($0.error) (\($0.count))" }.joined(separator: "; ")
        return (decision.canary == true ? "the canary failed: " : "")
            + "\(decision.failed) of \(decision.finished) finished recipients failed (\(share), over max_failure_rate \(Self.percent(decision.limit))): \(what)"
            + (errors.isEmpty ? "" : "; top errors: \(errors)")
    }
}
