public import Sysexits

/// A history a newer release has migrated: this binary would misread its tables or write rows the
/// newer one cannot trust, so it refuses before anything is read or sent. A configuration error
/// (exit 78), not a failure to retry: the binaries on this machine must be upgraded.
public struct HistoryTooNew: ExplainedError, Sendable {
    public var store: String
    /// Migrations the history lists and this binary does not know.
    public var unknown: [String]
    /// How many migrations the history and this binary have applied and know.
    public var version: Int
    public var known: Int

    public var description: String {
        "the contact history at \(self.store) is at version \(self.version), this release knows up to \(self.known) "
            + "(it lists \(self.unknown.prefix(3).joined(separator: ", ")), which this release does not know)"
    }

    public var hint: String { "upgrade campaign-* on this machine to the release the other machines run" }
    /// Retrying this binary can never help: the binaries on this machine must be upgraded.
    public var exitStatus: ExitStatus { .config }
    public var summary: String { self.description + "; nothing was read or sent" }
    public var nextStep: String? { self.hint }
}
