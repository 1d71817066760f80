import ContactHistory
import Foundation
import Sysexits

/// The contact history's opt-outs as validate applies them: each phone with the
/// words of its reject (`suppressed`), naming why and the run that found it, and
/// the forgotten people who stay out, by keyed hash.
struct HistoryOptOuts {
    var byPhone: [String: String]
    var forgotten: ForgottenOptOuts

    static let none = HistoryOptOuts(byPhone: [:], forgotten: .none)

    static func load(runDirectory: String) throws -> HistoryOptOuts {
        let location = HistoryLocation.from(runDirectory: runDirectory)
        guard location.mayHoldSends else { return .none }
        do {
            let history = try location.open()
            let byPhone = try history.optOuts().mapValues { optOut in
                "opted out: \(optOut.reason) (found by run \(optOut.run), \(optOut.foundAt))"
            }
            return HistoryOptOuts(byPhone: byPhone, forgotten: try history.forgottenOptOuts())
        } catch let error as HistoryError {
            throw CampaignError(
                .unavailable, "\(error)",
                hint: "check CUBE_STATE_URL or CUBE_STATE_DIR, or set suppression_auto: false to validate without it")
        }
    }
}
