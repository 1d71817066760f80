/// The contact history over either store's connection: the schema, and every
/// statement, written once with the dialect's placeholders and list parameters.
/// Phones go in batches as one list parameter each, so checking a million
/// recipients is a few hundred indexed statements, not a million.
final class SQLContactHistory: ContactHistory {
    static let batch = 5_000

    let store: String
    let connection: any SQLConnection
    var dialect: SQLDialect { self.connection.dialect }

    init(connection: any SQLConnection, store: String) throws {
        self.connection = connection
        self.store = store
        // Before any row is read: a history a newer release migrated is refused here.
        try SchemaMigrator(connection: connection, store: store).migrate()
    }

    func p(_ index: Int) -> String { self.dialect.placeholder(index) }

    /// Phones only ever go into list parameters: E.164 text, nothing that could break the list's quoting.
    /// Anything else is an error, never dropped without a word.
    func listText(_ phones: ArraySlice<String>) throws -> String {
        // By bytes: a Character's Unicode properties cost more than the query (a million phones a run).
        if let bad = phones.first(where: {
            !$0.utf8.allSatisfy { $0 == UInt8(ascii: "+") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }) {
            throw HistoryError(store: self.store, message: "'\(bad)' is not an E.164 phone number")
        }
        return self.dialect.listText(Array(phones))
    }

    func batches(_ phones: [String]) -> [ArraySlice<String>] {
        stride(from: 0, to: phones.count, by: Self.batch).map { phones[$0..<min($0 + Self.batch, phones.count)] }
    }

    func recordCreated(_ campaign: CreatedCampaign, phones: [String]) throws {
        try self.connection.transaction {
            try self.connection.execute(
                """
                \(self.dialect.insertIgnoring) campaigns (campaign_id, run, unit, idempotency_key, account, template, language, starts_at)
                VALUES (\((1...8).map(self.p).joined(separator: ", ")))\(self.dialect.onConflictIgnore)
                """,
                [
                    campaign.campaignId, campaign.run, campaign.unit, campaign.key, campaign.account, campaign.template,
                    campaign.language, campaign.startsAt,
                ])
            for batch in self.batches(phones) {
                try self.connection.execute(
                    """
                    \(self.dialect.insertIgnoring) sends (campaign_id, phone, run, account, template, starts_at)
                    SELECT \(self.p(1)), value, \(self.p(2)), \(self.p(3)), \(self.p(4)), \(self.p(5)) FROM \(self.dialect.list(6))\(self.dialect.onConflictIgnore)
                    """,
                    [
                        campaign.campaignId, campaign.run, campaign.account, campaign.template, campaign.startsAt,
                        try self.listText(batch),
                    ])
            }
        }
    }

    func forgetCampaign(_ campaignId: String) throws {
        try self.connection.transaction {
            try self.connection.execute("DELETE FROM sends WHERE campaign_id = \(self.p(1))", [campaignId])
            try self.connection.execute("DELETE FROM campaigns WHERE campaign_id = \(self.p(1))", [campaignId])
        }
    }

    func recordOutcomes(_ outcomes: [SendOutcome]) throws {
        // One statement per campaign, status and code, over its phones in batches.
        let groups = Dictionary(grouping: outcomes) { [$0.campaignId, $0.status, $0.code ?? ""] }
        try self.connection.transaction {
            for (key, group) in groups.sorted(by: { $0.key.joined() < $1.key.joined() }) {
                for batch in self.batches(group.map(\.phone)) {
                    try self.connection.execute(
                        """
                        UPDATE sends SET status = \(self.p(1)), error_code = \(self.p(2))
                        WHERE campaign_id = \(self.p(3)) AND phone IN (SELECT value FROM \(self.dialect.list(4)))
                        """, [key[1], key[2].isEmpty ? nil : key[2], key[0], try self.listText(batch)])
                }
            }
        }
    }

    func priorRuns(phones: [String], account: String, template: String, since: String, excludingRun run: String) throws
        -> [PriorRun]
    {
        var byRun: [String: PriorRun] = [:]
        for batch in self.batches(Array(Set(phones))) {
            let rows = try self.connection.execute(
                """
                SELECT run, MIN(starts_at), COUNT(DISTINCT phone) FROM sends
                WHERE phone IN (SELECT value FROM \(self.dialect.list(1))) AND account = \(self.p(2)) AND template = \(self.p(3))
                  AND starts_at >= \(self.p(4)) AND run <> \(self.p(5)) AND (status IS NULL OR status <> 'failed')
                GROUP BY run
                """, [try self.listText(batch), account, template, since, run])
            for row in rows {
                guard let other = row[0], let at = row[1], let count = row[2].flatMap({ Int($0) }) else { continue }
                var prior = byRun[other] ?? PriorRun(run: other, startsAt: at, phones: 0)
                prior.phones += count
                prior.startsAt = min(prior.startsAt, at)
                byRun[other] = prior
            }
        }
        return byRun.values.sorted { ($0.phones, $1.run) > ($1.phones, $0.run) }
    }

    func recentSends(phones: [String], account: String, since: String, excludingRun run: String?, failed: Bool) throws
        -> [RecentSend]
    {
        var found: [RecentSend] = []
        // Each phone once: a phone in two batches would have its sends counted twice.
        for batch in self.batches(Array(Set(phones))) {
            let rows = try self.connection.execute(
                """
                SELECT phone, template, run, starts_at FROM sends
                WHERE phone IN (SELECT value FROM \(self.dialect.list(1))) AND account = \(self.p(2)) AND starts_at >= \(self.p(3))
                  AND run <> \(self.p(4)) AND (status IS NULL OR status <> 'failed' OR \(self.p(5)) = 'yes')
                """, [try self.listText(batch), account, since, run ?? "", failed ? "yes" : "no"])
            for row in rows {
                guard let phone = row[0], let template = row[1], let other = row[2], let at = row[3] else { continue }
                found.append(RecentSend(phone: phone, template: template, run: other, startsAt: at))
            }
        }
        return found
    }

    func phonesFailing(code: String, inAtLeast runs: Int, among phones: [String]) throws -> [String] {
        var found: [String] = []
        for batch in self.batches(Array(Set(phones))) {
            let rows = try self.connection.execute(
                """
                SELECT phone FROM sends
                WHERE phone IN (SELECT value FROM \(self.dialect.list(1))) AND error_code = \(self.p(2))
                GROUP BY phone HAVING COUNT(DISTINCT run) >= \(runs)
                """, [try self.listText(batch), code])
            found += rows.compactMap { $0[0] }
        }
        return found.sorted()
    }

    func addOptOuts(_ optOuts: [OptOut]) throws {
        try self.connection.transaction {
            for optOut in optOuts {
                try self.connection.execute(
                    """
                    \(self.dialect.insertIgnoring) opt_outs (phone, reason, run, found_at)
                    VALUES (\(self.p(1)), \(self.p(2)), \(self.p(3)), \(self.p(4)))\(self.dialect.onConflictIgnore)
                    """, [optOut.phone, optOut.reason, optOut.run, optOut.foundAt])
            }
        }
    }

    func removeOptOuts(_ phones: [String]) throws -> Int {
        try self.connection.transaction {
            var removed = 0
            for batch in self.batches(Array(Set(phones))) {
                let rows = try self.connection.execute(
                    """
                    DELETE FROM opt_outs WHERE phone IN (SELECT value FROM \(self.dialect.list(1))) RETURNING phone
                    """, [try self.listText(batch)])
                removed += rows.count
            }
            return removed
        }
    }

    func status() throws -> HistoryStatus {
        func count(_ table: String) throws -> Int {
            try self.connection.execute("SELECT COUNT(*) FROM \(table)", []).first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
        }
        let migrations = try SchemaMigrator(connection: self.connection, store: self.store).applied()
        let span = try self.connection.execute("SELECT MIN(starts_at), MAX(starts_at) FROM sends", []).first
        let rows = HistoryStatus.Rows(
            campaigns: try count("campaigns"), sends: try count("sends"), optOuts: try count("opt_outs"),
            inboxHolds: try count("inbox_holds"), inboxEvents: try count("inbox_events"))
        return HistoryStatus(
            location: self.store, schemaVersion: migrations.count, migrations: migrations, rows: rows,
            oldestSend: span?[0] ?? nil, newestSend: span?[1] ?? nil, bytes: self.connection.bytesOnDisk,
            retention: try self.retention())
    }

    func optOuts() throws -> [String: OptOut] {
        let rows = try self.connection.execute("SELECT phone, reason, run, found_at FROM opt_outs", [])
        var result: [String: OptOut] = [:]
        for row in rows {
            guard let phone = row[0], let reason = row[1], let run = row[2], let at = row[3] else { continue }
            result[phone] = OptOut(phone: phone, reason: reason, run: run, foundAt: at)
        }
        return result
    }
}
