public import RunArtifacts

extension RunManifest.ValidateCounts {
    /// `4 to send, 1 filtered, 2 rejected`: a record `filter:` left out is not a rejected one, so it
    /// is told apart wherever validate's outcome is said (the command's last lines, the inbox's log).
    public var words: String {
        let filtered = self.byReason[RejectReason.filtered.rawValue] ?? 0
        return "\(self.accepted) to send, " + (filtered > 0 ? "\(filtered) filtered, " : "")
            + "\(self.rejected - filtered) rejected"
    }
}
