/// Retention: the history's own setting, and the prune that applies it. A prune walks old
/// campaigns a page at a time and deletes each one's sends in batches of `pruneBatch`, each
/// batch its own short transaction by the primary key, so a nightly prune of a year's millions
/// never holds the write lock for long, and never holds more than a page of ids in memory.
extension SQLContactHistory {
    static let pruneBatch = 10_000
    static let campaignPage = 200

    func retention() throws -> Retention {
        let rows = try self.connection.execute("SELECT name, value FROM history_settings", [])
        var settings: [String: String] = [:]
        for row in rows { if let name = row[0], let value = row[1] { settings[name] = value } }
        return Retention(
            keepSendsDays: settings[HistorySetting.keepSendsDays.rawValue].flatMap(Int.init) ?? Retention.standard.keepSendsDays,
            keepInboxDays: settings[HistorySetting.keepInboxDays.rawValue].flatMap(Int.init) ?? Retention.standard.keepInboxDays)
    }

    func setRetention(_ retention: Retention) throws {
        try self.connection.transaction {
            try self.setSetting(.keepSendsDays, String(retention.keepSendsDays))
            try self.setSetting(.keepInboxDays, String(retention.keepInboxDays))
        }
    }

    func setSetting(_ setting: HistorySetting, _ value: String) throws {
        try self.connection.execute(
            """
            INSERT INTO history_settings (name, value) VALUES (\(self.p(1)), \(self.p(2)))
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """, [setting.rawValue, value])
    }

    func prune(sendsBefore: String, inboxBefore: String, dryRun: Bool) throws -> PruneCounts {
        if dryRun {
            func count(_ sql: String, _ parameter: String) throws -> Int {
                try self.connection.execute(sql, [parameter]).first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
            }
            return PruneCounts(
                campaigns: try count("SELECT COUNT(*) FROM campaigns WHERE starts_at < \(self.p(1))", sendsBefore),
                sends: try count(
                    """
                    SELECT COUNT(*) FROM sends WHERE campaign_id IN (SELECT campaign_id FROM campaigns WHERE starts_at < \(self.p(1)))
                    """, sendsBefore),
                inboxEvents: try count("SELECT COUNT(*) FROM inbox_events WHERE at < \(self.p(1))", inboxBefore))
        }
        var counts = PruneCounts()
        // A campaign whose row stays (sends put back meanwhile) is left to the next prune, not tried for ever.
        var tried = Set<String>()
        while true {
            let page = try self.connection.execute(
                """
                SELECT campaign_id FROM campaigns WHERE starts_at < \(self.p(1)) ORDER BY starts_at, campaign_id LIMIT \(Self.campaignPage)
                """, [sendsBefore]
            ).compactMap { $0.first ?? nil }
            let fresh = page.filter { !tried.contains($0) }
            guard !fresh.isEmpty else { break }
            for campaign in fresh {
                tried.insert(campaign)
                counts.sends += try self.deleteInBatches("sends", where: "campaign_id = \(self.p(1))", [campaign])
                // Only once none of its sends is left (a record of the same campaign may have put some back meanwhile):
                // a campaign row is how a prune finds its sends.
                counts.campaigns += try self.connection.execute(
                    """
                    DELETE FROM campaigns WHERE campaign_id = \(self.p(1))
                      AND NOT EXISTS (SELECT 1 FROM sends WHERE campaign_id = \(self.p(1))) RETURNING 1
                    """, [campaign]
                ).count
            }
        }
        counts.inboxEvents = try self.deleteInBatches("inbox_events", where: "at < \(self.p(1))", [inboxBefore])
        return counts
    }

    /// Deletes the rows of `table` that match, `pruneBatch` at a time, each batch committed alone, until
    /// a batch finds none (a short batch is not the end: on PostgreSQL a row updated meanwhile moves); how many.
    func deleteInBatches(_ table: String, where condition: String, _ parameters: [String?]) throws -> Int {
        var total = 0
        while true {
            let removed = try self.connection.execute(self.dialect.deleteBatch(table, condition, Self.pruneBatch), parameters)
                .count
            total += removed
            if removed == 0 { return total }
        }
    }
}
