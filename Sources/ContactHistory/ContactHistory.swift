/// What must outlive one run: every campaign created and every phone messaged,
/// their outcomes, and the phones that opted out. Each run's journal stays the
/// truth for its own sends; the history is filled from it idempotently (a
/// second record of the same campaign adds nothing), so it can always be
/// brought up to date again. Two stores, one behaviour (`SQLContactHistory`
/// over SQLite or PostgreSQL).
public protocol ContactHistory: AnyObject {
    /// Where it lives, for messages.
    var store: String { get }

    /// Records a created campaign and its recipients in one transaction.
    func recordCreated(_ campaign: CreatedCampaign, phones: [String]) throws

    /// Removes a campaign that was cancelled before it started, with its phones: nobody was messaged by it.
    func forgetCampaign(_ campaignId: String) throws

    /// Records what the API said of recipients.
    func recordOutcomes(_ outcomes: [SendOutcome]) throws

    /// The other runs of `account` and `template` whose campaigns go out at or after
    /// `since` and hold some of `phones` (but for sends that failed: nobody read those), most phones first.
    func priorRuns(phones: [String], account: String, template: String, since: String, excludingRun run: String) throws
        -> [PriorRun]

    /// The messages to `phones` on `account` going out at or after `since`, but for
    /// `run`'s own and (unless `failed`) those that failed: what a frequency cap counts,
    /// and (with the failed) what a retry asks to know whether someone was tried again.
    func recentSends(phones: [String], account: String, since: String, excludingRun run: String?, failed: Bool) throws
        -> [RecentSend]

    /// Of `phones`, those that failed with `code` in at least `runs` different runs.
    func phonesFailing(code: String, inAtLeast runs: Int, among phones: [String]) throws -> [String]

    /// Adds opt-outs; a phone already out keeps its first reason.
    func addOptOuts(_ optOuts: [OptOut]) throws

    /// Every opt-out, by phone.
    func optOuts() throws -> [String: OptOut]

    /// Takes these phones off the opt-out list; how many were on it.
    func removeOptOuts(_ phones: [String]) throws -> Int

    /// The schema's version, the rows of each table and the dates the sends span.
    func status() throws -> HistoryStatus

    /// Takes the content for `claim`, unless another claim holds it; with an
    /// `override` (why it may go again), takes it from that one. Answers the
    /// holder afterwards: `claim` itself when taken (or the same claim resumed), else the one that has it.
    func claimContent(_ claim: ContentClaim, override: String?) throws -> ContentClaim

    /// Gives the content back, if claim `claimId` holds it: its run failed before anything could be sent.
    func releaseContent(pipeline: String, sha256: String, claimId: String, at: String) throws

    /// The run that holds this content for this pipeline, if any.
    func contentHolder(pipeline: String, sha256: String) throws -> ContentClaim?

    /// How long sends and inbox events are kept, as the history holds it.
    func retention() throws -> Retention

    /// Sets how long sends and inbox events are kept, for every pipeline and machine sharing the history.
    func setRetention(_ retention: Retention) throws

    /// Removes campaigns and their sends going out before `sendsBefore`, and inbox events before
    /// `inboxBefore` (ISO 8601 UTC), in batches that each commit on their own, so no lock is held
    /// for long and memory stays bounded; opt-outs are never touched. `dryRun` only counts.
    func prune(sendsBefore: String, inboxBefore: String, dryRun: Bool) throws -> PruneCounts

    /// Erases every trace of `phones` (their sends and their opt-out row); an opt-out is kept as a
    /// keyed hash, and with `suppress` a phone that was not opted out is kept out the same way. On
    /// SQLite the freed pages are zeroed, the log truncated, the file rebuilt, and copies taken
    /// before a migration removed: afterwards the digits are in no file of the history.
    func forget(_ phones: [String], suppress: Bool, at: String) throws -> ForgetCounts

    /// The forgotten phones that stay suppressed, by keyed hash.
    func forgottenOptOuts() throws -> ForgottenOptOuts
}
