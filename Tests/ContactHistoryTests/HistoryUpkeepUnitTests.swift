import Foundation
import PostgresTestSupport
import Testing

@testable import ContactHistory

/// Retention, erasure and copying on both stores, below the executables: batches larger than one
/// prune step, text that needs escaping in either store's list form, and settings that travel.
@Suite("Contact history: retention, forget, copy")
struct HistoryUpkeepUnitTests {
    typealias Store = ContactHistoryTests.Store

    @Test("a prune takes old campaigns' sends in several batches and keeps new ones and every opt-out", arguments: Store.allCases)
    func pruneInBatches(store: Store) throws {
        let history = try ContactHistoryTests.open(store)
        let phones = ContactHistoryTests.phones
        try history.recordCreated(
            ContactHistoryTests.campaign(run: "old", id: "C-old", at: "2025-01-01T09:00:00Z"), phones: phones)
        try history.recordCreated(
            ContactHistoryTests.campaign(run: "new", id: "C-new", at: "2026-12-01T09:00:00Z"), phones: Array(phones[0..<10]))
        try history.addOptOuts([OptOut(phone: phones[0], reason: "131050", run: "old", foundAt: "2025-01-02T09:00:00Z")])
        let now = ISO8601DateFormatter().date(from: "2026-12-02T00:00:00Z") ?? Date()
        let dry = try history.prune(olderThanDays: 400, inboxDays: 90, now: now, dryRun: true)
        #expect(dry == PruneCounts(campaigns: 1, sends: phones.count, inboxEvents: 0))
        #expect(try history.status().rows.sends == phones.count + 10, "a dry run removes nothing")
        let (retention, removed) = try history.pruneByRetention(now: now)
        #expect(retention == .standard)
        #expect(
            removed == PruneCounts(campaigns: 1, sends: phones.count, inboxEvents: 0),
            "more sends than one batch of \(SQLContactHistory.pruneBatch)")
        let status = try history.status()
        #expect(status.rows.sends == 10 && status.rows.campaigns == 1 && status.rows.optOuts == 1)
        try history.setRetention(Retention(keepSendsDays: 0, keepInboxDays: 0))
        #expect(try history.retention() == Retention(keepSendsDays: 0, keepInboxDays: 0))
        #expect(try history.pruneByRetention(now: now).removed.sends == 10)
        #expect(try history.optOuts().count == 1, "retention never removes an opt-out")
    }

    @Test(
        "forget: sends and the opt-out row go, the opt-out stays as a keyed hash; --suppress keeps another out",
        arguments: Store.allCases)
    func forget(store: Store) throws {
        let history = try ContactHistoryTests.open(store)
        let phones = Array(ContactHistoryTests.phones[0..<5])
        try history.recordCreated(ContactHistoryTests.campaign(run: "night-1", id: "C1"), phones: phones)
        try history.addOptOuts([
            OptOut(phone: phones[0], reason: "131050 stopped marketing messages", run: "night-1", foundAt: "2026-12-01T10:00:00Z")
        ])
        let counts = try history.forget([phones[0], phones[1]], suppress: false, at: "2026-12-02T09:00:00Z")
        #expect(counts.sends == 2 && counts.optOutsHashed == 1 && counts.suppressed == 0)
        #expect(try history.forget([phones[2]], suppress: true, at: "2026-12-02T09:00:00Z").suppressed == 1)
        let forgotten = try history.forgottenOptOuts()
        #expect(forgotten.reason(for: phones[0])?.contains("131050 stopped marketing messages") == true)
        #expect(forgotten.reason(for: phones[1]) == nil)
        #expect(forgotten.reason(for: phones[2])?.contains("forgotten on request") == true)
        #expect(try history.optOuts().isEmpty)
        #expect(try history.status().rows.sends == 2)
        #expect(forgotten.count == 2)
        // A history whose settings were lost (restored table by table) must not make a new key: every hash would match nobody.
        let sql = try #require(history as? SQLContactHistory)
        try sql.connection.execute("DELETE FROM history_settings WHERE name = 'suppression_key'", [])
        #expect(throws: HistoryError.self) { try history.forgottenOptOuts() }
    }

    @Test(
        "copy: every table and the settings arrive, text with quotes, backslashes and nulls intact; a non-empty target is refused",
        arguments: [(Store.sqlite, Store.postgres), (.postgres, .sqlite), (.sqlite, .sqlite)])
    func copy(from: Store, to: Store) throws {
        let (sourceConnection, source) = try SchemaMigrationTests.fresh(from)
        let (_, target) = try SchemaMigrationTests.fresh(to)
        let history = try source.open()
        try history.recordCreated(
            ContactHistoryTests.campaign(run: "night \"1\" \\ x", id: "C1"), phones: ContactHistoryTests.phones)
        try history.recordOutcomes([
            SendOutcome(campaignId: "C1", phone: ContactHistoryTests.phones[0], status: "failed", code: "131050")
        ])
        try history.addOptOuts([
            OptOut(phone: "+966500000001", reason: "said \"stop\", {twice} \\ ok", run: "r", foundAt: "2026-12-01T09:00:00Z")
        ])
        _ = try history.claimContent(
            ContentClaim(
                pipeline: "p", sha256: "abc", claimId: "k", run: "r", place: "h:/s", file: "o'dd, \"name\".csv",
                at: "2026-12-01T09:00:00Z"), override: nil)
        _ = try history.forget(["+966500000002"], suppress: true, at: "2026-12-01T09:00:00Z")
        try history.setRetention(Retention(keepSendsDays: 123, keepInboxDays: 45))
        _ = sourceConnection

        let copied = try source.copy(to: target)
        #expect(copied["sends"] == ContactHistoryTests.phones.count - 1)
        let copy = try target.open()
        #expect(try copy.status().rows == history.status().rows)
        #expect(try copy.optOuts() == history.optOuts())
        #expect(try copy.retention() == Retention(keepSendsDays: 123, keepInboxDays: 45))
        #expect(try copy.forgottenOptOuts().reason(for: "+966500000002") != nil, "the suppression key travelled with the hashes")
        #expect(try copy.contentHolder(pipeline: "p", sha256: "abc")?.file == "o'dd, \"name\".csv")
        let failed = try copy.phonesFailing(code: "131050", inAtLeast: 1, among: [ContactHistoryTests.phones[0]])
        #expect(failed == [ContactHistoryTests.phones[0]], "outcomes and their nulls arrive as they were")
        #expect(throws: HistoryCopyRefused.self) { try source.copy(to: target) }
    }
}
