import ContactHistory
import Foundation

/// The contact history's opt-outs as validate applies them: each phone with the
/// words of its reject (`suppressed`), naming why and the run that found it.
enum HistoryOptOuts {
    static func load(runDirectory: String) throws -> [String: String] {
        let location = HistoryLocation.from(runDirectory: runDirectory)
        guard location.mayHoldSends else { return [:] }
        do {
            return try location.open().optOuts().mapValues { optOut in
                "opted out: \(optOut.reason) (found by run \(optOut.run), \(optOut.foundAt))"
            }
        } catch let error as HistoryError {
            throw CampaignError(.unavailable, "\(error)",
                                hint: "check CUBE_STATE_URL or CUBE_STATE_DIR, or set suppression_auto: false to validate without it")
        }
    }
}
