import ContactHistory
import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts
import Sysexits

extension CampaignError {
    /// Any failure in words a marketer understands, with the exit code a
    /// scheduler needs: the one mapping every stage, the inbox and the CLI use.
    /// `what` says what was being done ("creating part 2").
    public static func from(_ error: any Error, doing what: String) -> CampaignError {
        switch error {
        case let error as CampaignError:
            return error
        case let error as APIError:
            // The API's words, with what was being done in the sentence; its status and advice are its own.
            let message =
                switch error.failure {
                case .unauthenticated: "the API key was refused while \(what) (\(error.code))"
                case .forbidden: "this API key may not do this (\(what)): \(error.message)"
                case .notFound: "not found while \(what): \(error.message)"
                case .refused: "the API refused the request while \(what): \(error.message)\(Self.fields(error.details))"
                case .rateLimited: "rate limited while \(what): \(error.message)"
                case .tierLimit: "the daily messaging limit was reached while \(what): \(error.message)"
                case .conflict, .serverError, .unexpected: "the API failed while \(what): \(error)"
                }
            return CampaignError(error.exitStatus, message, hint: error.nextStep)
        case let error as TransportError:
            return CampaignError(
                error.exitStatus, "cannot reach the Campaigns API while \(what): \(error.message)", hint: error.nextStep)
        case let error as any ExplainedError:
            return CampaignError(error.exitStatus, "\(error.summary) (while \(what))", hint: error.nextStep)
        default:
            return CampaignError(.unavailable, "\(what) failed: \(error)")
        }
    }

    /// The first fields a 422 names, and what it says of each.
    static func fields(_ details: JSONValue?) -> String {
        guard case .object(let fields)? = details else { return "" }
        return " — "
            + fields.keys.sorted().prefix(3).map { key in
                let text: String
                if case .array(let list)? = fields[key], case .string(let first)? = list.first {
                    text = first
                } else {
                    text = "invalid"
                }
                return "\(key): \(text)"
            }.joined(separator: "; ")
    }
}
