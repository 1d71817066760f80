/// The inbox's content ledger in the store. A claim is an insert that a
/// second claimant's insert cannot pass (the primary key of `inbox_holds`),
/// read back in the same transaction: under SQLite's write lock, or after
/// PostgreSQL has made the other transaction's row visible, so of two
/// watchers racing for the same export exactly one holds it.
extension SQLContactHistory {
    func claimContent(_ claim: ContentClaim, override: String?) throws -> ContentClaim {
        try self.connection.transaction {
            try self.connection.execute(
                """
                \(self.dialect.insertIgnoring) inbox_holds (pipeline, sha256, claim_id, run, place, file, claimed_at)
                VALUES (\((1...7).map(self.p).joined(separator: ", ")))\(self.dialect.onConflictIgnore)
                """, [claim.pipeline, claim.sha256, claim.claimId, claim.run, claim.place, claim.file, claim.at])
            guard let holder = try self.holder(pipeline: claim.pipeline, sha256: claim.sha256) else {
                throw HistoryError(store: self.store, message: "the claim of \(claim.file) for \(claim.pipeline) was not kept")
            }
            if holder.claimId != claim.claimId {
                guard override != nil else { return holder }
                // An upsert over the claim just read, not a blind update: if it was released meanwhile the hold is
                // inserted; if a third claim took it meanwhile, that one stays and is answered.
                try self.connection.execute(
                    """
                    INSERT INTO inbox_holds (pipeline, sha256, claim_id, run, place, file, claimed_at)
                    VALUES (\((1...7).map(self.p).joined(separator: ", ")))
                    ON CONFLICT (pipeline, sha256) DO UPDATE SET claim_id = excluded.claim_id, run = excluded.run,
                      place = excluded.place, file = excluded.file, claimed_at = excluded.claimed_at
                    WHERE inbox_holds.claim_id = \(self.p(8))
                    """,
                    [claim.pipeline, claim.sha256, claim.claimId, claim.run, claim.place, claim.file, claim.at, holder.claimId])
                guard let after = try self.holder(pipeline: claim.pipeline, sha256: claim.sha256) else {
                    throw HistoryError(
                        store: self.store, message: "the resend claim of \(claim.file) for \(claim.pipeline) was not kept")
                }
                if after.claimId != claim.claimId { return after }
            } else if holder != claim {
                // Already this claim's (resumed after a crash): nothing new to record.
                return holder
            }
            try self.event(claim, "claimed", override: override)
            return claim
        }
    }

    func releaseContent(pipeline: String, sha256: String, claimId: String, at: String) throws {
        try self.connection.transaction {
            guard var holder = try self.holder(pipeline: pipeline, sha256: sha256), holder.claimId == claimId else { return }
            try self.connection.execute(
                """
                DELETE FROM inbox_holds WHERE pipeline = \(self.p(1)) AND sha256 = \(self.p(2)) AND claim_id = \(self.p(3))
                """, [pipeline, sha256, claimId])
            holder.at = at
            try self.event(holder, "released", override: nil)
        }
    }

    func contentHolder(pipeline: String, sha256: String) throws -> ContentClaim? {
        try self.holder(pipeline: pipeline, sha256: sha256)
    }

    private func holder(pipeline: String, sha256: String) throws -> ContentClaim? {
        let rows = try self.connection.execute(
            """
            SELECT claim_id, run, place, file, claimed_at FROM inbox_holds WHERE pipeline = \(self.p(1)) AND sha256 = \(self.p(2))
            """, [pipeline, sha256])
        guard let row = rows.first, let id = row[0], let run = row[1], let place = row[2], let file = row[3], let at = row[4]
        else {
            return nil
        }
        return ContentClaim(pipeline: pipeline, sha256: sha256, claimId: id, run: run, place: place, file: file, at: at)
    }

    private func event(_ claim: ContentClaim, _ event: String, override: String?) throws {
        try self.connection.execute(
            """
            INSERT INTO inbox_events (pipeline, sha256, claim_id, run, place, file, event, at, override)
            VALUES (\((1...9).map(self.p).joined(separator: ", ")))
            """, [claim.pipeline, claim.sha256, claim.claimId, claim.run, claim.place, claim.file, event, claim.at, override])
    }
}
