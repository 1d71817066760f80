import CampaignCore
import CubeAPI
import Foundation
import RunArtifacts

/// `max_failure_rate`: while report polls, once more than this share of the
/// run's finished recipients failed, whatever has not started (parts scheduled
/// for later, tomorrow's tier) is cancelled through the same path as
/// `campaign-submit --cancel`, and report ends with 65 saying so. Judged only
/// once enough have finished that a few early failures cannot trip it.
struct AutoPause {
    /// Finished recipients needed before the share is judged (or all of the run's, if fewer).
    static let minimumFinished = 20

    let limit: Double

    /// What tripped it and what it cancelled, kept as `auto-pause.json` the moment it happens: a
    /// later report of the run says the same, and does not judge (or cancel) again.
    struct Decision: Codable, Sendable, Equatable {
        var failed: Int
        var finished: Int
        /// The parts cancelled, and how many recipients they held.
        var cancelled: [String]
        var recipients: Int
        /// The `max_failure_rate` it was judged by.
        var limit: Double

        static let fileName = RunFile.autoPause.name

        static func load(_ run: RunDirectory) throws -> Decision? {
            let path = run.file(Self.fileName)
            return run.exists(path) ? try ArtifactJSON.read(Decision.self, from: path) : nil
        }

        func save(_ run: RunDirectory) throws {
            try ArtifactJSON.write(self, to: run.file(Self.fileName))
        }
    }

    /// The share that trips the pause, if the latest counts pass the limit.
    func tripped(_ latest: [String: Campaign], recipients: Int) -> (failed: Int, finished: Int)? {
        let failed = latest.values.reduce(0) { $0 + $1.failedCount }
        let finished = latest.values.reduce(0) { $0 + $1.sentCount + $1.failedCount }
        guard finished >= min(Self.minimumFinished, max(1, recipients)), Double(failed) > self.limit * Double(finished) else {
            return nil
        }
        return (failed, finished)
    }

    static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    /// The words report ends with.
    static func message(_ decision: Decision) -> String {
        let share = Self.percent(Double(decision.failed) / Double(max(1, decision.finished)))
        let what =
            decision.cancelled.isEmpty
            ? "nothing was left to cancel (every part had started)"
            : "cancelled part(s) \(decision.cancelled.joined(separator: ", ")) (\(decision.recipients) recipients), which had not started"
        return
            "\(decision.failed) of \(decision.finished) finished recipients failed (\(share), over max_failure_rate \(Self.percent(decision.limit))): \(what)"
    }
}
