import ArtifactText
import Foundation

/// Erasure on request (GDPR art. 17, Saudi PDPL): a person's sends and opt-out row go, in one
/// transaction; if they had opted out (or `suppress` asks), a keyed hash of the phone stays so
/// they are still never messaged, as Mailchimp and Braze keep an erased contact suppressed.
extension SQLContactHistory {
    func forget(_ phones: [String], suppress: Bool, at: String) throws -> ForgetCounts {
        var counts = ForgetCounts()
        let key = try self.suppressionKey()
        // Deleted cells are overwritten, not just unlinked: the pages that reach the log hold no digits.
        try self.connection.zeroDeletedContent()
        try self.connection.transaction {
            for batch in self.batches(Array(Set(phones)).sorted()) {
                let list = try self.listText(batch)
                // The rows deleted are the rows hashed: on PostgreSQL a SELECT then a DELETE see two snapshots,
                // and an opt-out a report commits between them would go without its hash.
                let opted = try self.connection.execute(
                    "DELETE FROM opt_outs WHERE phone IN (SELECT value FROM \(self.dialect.list(1))) RETURNING phone, reason",
                    [list])
                var reasons: [String: String] = [:]
                for row in opted { if let phone = row[0], let reason = row[1] { reasons[phone] = reason } }
                if suppress {
                    for phone in batch where reasons[phone] == nil {
                        reasons[phone] = "forgotten on request, kept out of future runs"
                    }
                }
                for (phone, reason) in reasons.sorted(by: { $0.key < $1.key }) {
                    try self.connection.execute(
                        """
                        \(self.dialect.insertIgnoring) suppressed_hashes (hash, reason, at)
                        VALUES (\(self.p(1)), \(self.p(2)), \(self.p(3)))\(self.dialect.onConflictIgnore)
                        """, [ForgottenOptOuts.hash(phone, key: key), reason, at])
                }
                counts.optOutsHashed += opted.count
                counts.suppressed += reasons.count - opted.count
                counts.sends += try self.connection.execute(
                    "DELETE FROM sends WHERE phone IN (SELECT value FROM \(self.dialect.list(1))) RETURNING 1", [list]
                ).count
            }
        }
        try self.connection.eraseFreedSpace()
        counts.copiesRemoved = try self.connection.removeCopies()
        return counts
    }

    func forgottenOptOuts() throws -> ForgottenOptOuts {
        let rows = try self.connection.execute("SELECT hash, reason, at FROM suppressed_hashes", [])
        guard !rows.isEmpty else { return .none }
        var reasons: [String: String] = [:]
        for row in rows {
            guard let hash = row[0], let reason = row[1], let at = row[2] else { continue }
            reasons[hash] = "\(reason) (the person was forgotten on \(at); kept as a keyed hash)"
        }
        // Read, never made here: a new key would make every stored hash match nobody.
        let key =
            try self.connection.execute(
                "SELECT value FROM history_settings WHERE name = \(self.p(1))", [HistorySetting.suppressionKey.rawValue]
            ).first?.first ?? nil
        guard let key, !key.isEmpty else {
            throw HistoryError(
                store: self.store,
                message:
                    "it holds \(rows.count) forgotten opt-out(s) but not the key they were hashed with (history_settings.suppression_key); "
                    + "they cannot be matched, so nothing is validated: put back the history's settings from the copy it came from"
            )
        }
        return ForgottenOptOuts(key: key, reasons: reasons)
    }

    /// The history's own key for suppression hashes, made once (the first writer's stands).
    func suppressionKey() throws -> String {
        var generator = SystemRandomNumberGenerator()
        let fresh = Hashing.hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        try self.connection.execute(
            """
            \(self.dialect.insertIgnoring) history_settings (name, value) VALUES (\(self.p(1)), \(self.p(2)))\(self.dialect.onConflictIgnore)
            """, [HistorySetting.suppressionKey.rawValue, fresh])
        let rows = try self.connection.execute(
            "SELECT value FROM history_settings WHERE name = \(self.p(1))", [HistorySetting.suppressionKey.rawValue])
        guard let key = rows.first?.first ?? nil, !key.isEmpty else {
            throw HistoryError(store: self.store, message: "the suppression key was not kept")
        }
        return key
    }
}
