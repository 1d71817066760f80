public import Foundation

extension ContactHistory {
    /// Removes what the history's retention no longer keeps, as of `now`: the retention applied, and what went.
    public func pruneByRetention(now: Date = Date(), dryRun: Bool = false) throws -> (retention: Retention, removed: PruneCounts)
    {
        let retention = try self.retention()
        return (
            retention,
            try self.prune(olderThanDays: retention.keepSendsDays, inboxDays: retention.keepInboxDays, now: now, dryRun: dryRun)
        )
    }

    /// Removes sends older than `days` and inbox events older than `inboxDays`, as of `now`.
    public func prune(olderThanDays days: Int, inboxDays: Int, now: Date = Date(), dryRun: Bool = false) throws -> PruneCounts {
        func before(_ days: Int) -> String { SchemaMigrator.timestamp(now.addingTimeInterval(-Double(days) * 86_400)) }
        // A zero-day prune reaches everything up to this second, not just what is strictly older.
        let sends = days == 0 ? SchemaMigrator.timestamp(now.addingTimeInterval(1)) : before(days)
        let inbox = inboxDays == 0 ? SchemaMigrator.timestamp(now.addingTimeInterval(1)) : before(inboxDays)
        return try self.prune(sendsBefore: sends, inboxBefore: inbox, dryRun: dryRun)
    }
}
