import ContactHistory
import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts

extension CampaignError {
    /// Any failure in words a marketer understands, with the exit code a
    /// scheduler needs: the one mapping every stage, the inbox and the CLI use.
    /// `what` says what was being done ("creating part 2").
    public static func from(_ error: any Error, doing what: String) -> CampaignError {
        switch error {
        case let error as CampaignError:
            return error
        case let error as APIError:
            switch error.status {
            case 401:
                return CampaignError(.notPermitted, "the API key was refused while \(what) (\(error.code))",
                                     hint: "check CUBE_API_KEY (or CUBE_API_KEY_FILE) for \(error.code == ErrorCode.authenticationRequired ? "a missing" : "a wrong or expired") key")
            case 403:
                return CampaignError(.notPermitted, "this API key may not do this (\(what)): \(error.message)",
                                     hint: "use a key of the account that owns the WhatsApp number")
            case 404:
                return CampaignError(.config, "not found while \(what): \(error.message)",
                                     hint: "check account and template.name in the pipeline file")
            case 422:
                var details = ""
                if case .object(let fields)? = error.details {
                    details = " — " + fields.keys.sorted().prefix(3).map { key in
                        let text: String
                        if case .array(let list)? = fields[key], case .string(let first)? = list.first { text = first } else { text = "invalid" }
                        return "\(key): \(text)"
                    }.joined(separator: "; ")
                }
                return CampaignError(.config, "the API refused the request while \(what): \(error.message)\(details)",
                                     hint: "fix the pipeline (template, language, variables or schedule) and run again")
            case 429:
                return CampaignError(.tryLater, "rate limited while \(what): \(error.message)", hint: "run again later; nothing was sent twice")
            default:
                return CampaignError(.unavailable, "the API failed while \(what): \(error)", hint: "try again later")
            }
        case let error as TransportError:
            return CampaignError(.unavailable, "cannot reach the Campaigns API while \(what): \(error.message)",
                                 hint: "check CUBE_BASE_URL and the network")
        case let error as ConfigurationError:
            return CampaignError(.config, error.message)
        case let error as HistoryTooNew:
            // Another release migrated the history: retrying this binary can never help.
            return CampaignError(.config, "\(error.description); nothing was read or sent", hint: error.hint)
        case let error as ArtifactError:
            // A run file not as its stage writes it: bad data, never retried unchanged.
            return CampaignError(.dataError, "\(error.file)\(error.line.map { ":\($0)" } ?? ""): \(error.message) (while \(what))", hint: error.hint)
        case let error as WriteError:
            let folder = (error.file as NSString).deletingLastPathComponent
            return CampaignError(.tryLater, "\(error.description) (while \(what))",
                                 hint: error.diskFull
                                     ? "free space on the disk that holds \(folder), then run the same command again: what was done is kept, and nothing is sent twice"
                                     : "check that \(folder) is writable, then run the same command again")
        default:
            return CampaignError(.unavailable, "\(what) failed: \(error)")
        }
    }
}
