import Foundation
import Synchronization
import PostgresTestSupport
import Testing
@testable import ContactHistory

/// The same behaviour from both stores: a real SQLite file, and a real
/// PostgreSQL server on loopback with a fresh database per test.
@Suite("Contact history on SQLite and PostgreSQL")
struct ContactHistoryTests {
    enum Store: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    static func open(_ store: Store) throws -> any ContactHistory {
        switch store {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "history-\(UUID().uuidString.prefix(8))"
            return try HistoryLocation.from(environment: ["CUBE_STATE_DIR": folder], runDirectory: "/unused/run").open()
        case .postgres:
            let url = try PostgresServer.shared.get().freshDatabase()
            return try HistoryLocation.from(environment: ["CUBE_STATE_URL": url], runDirectory: "/unused/run").open()
        }
    }

    static func campaign(
        run: String, unit: String = "1", id: String, template: String = "offer", at: String = "2026-12-01T09:00:00Z"
    ) -> CreatedCampaign {
        CreatedCampaign(
            run: run, unit: unit, key: "cc2-\(run)-\(unit)", campaignId: id, account: "acct", template: template,
            language: "ar", startsAt: at)
    }

    static let phones = (0..<12_000).map { "+9665\(String(format: "%08d", $0))" }

    @Test("a campaign recorded twice adds nothing; other runs' overlap is counted by run, most first", arguments: Store.allCases)
    func overlap(store: Store) throws {
        let history = try Self.open(store)
        try history.recordCreated(Self.campaign(run: "night-1", id: "C1"), phones: Array(Self.phones[0..<10_000]))
        try history.recordCreated(Self.campaign(run: "night-1", id: "C1"), phones: Array(Self.phones[0..<10_000]))
        try history.recordCreated(
            Self.campaign(run: "night-0", id: "C0", at: "2026-11-30T09:00:00Z"), phones: Array(Self.phones[0..<100]))
        try history.recordCreated(Self.campaign(run: "other-template", id: "C2", template: "welcome"), phones: Self.phones)
        let prior = try history.priorRuns(
            phones: Array(Self.phones[5_000..<12_000]), account: "acct", template: "offer",
            since: "2026-11-30T10:00:00Z", excludingRun: "night-2")
        #expect(prior == [PriorRun(run: "night-1", startsAt: "2026-12-01T09:00:00Z", phones: 5_000)])
        let itself = try history.priorRuns(
            phones: Self.phones, account: "acct", template: "offer", since: "2026-01-01T00:00:00Z",
            excludingRun: "night-1")
        #expect(itself.map(\.run) == ["night-0"])
        #expect(itself.first?.phones == 100)
    }

    @Test("outcomes are kept per campaign and phone; a code in two runs is found", arguments: Store.allCases)
    func outcomes(store: Store) throws {
        let history = try Self.open(store)
        let few = Array(Self.phones[0..<3])
        try history.recordCreated(Self.campaign(run: "a", id: "CA"), phones: few)
        try history.recordCreated(Self.campaign(run: "b", id: "CB"), phones: few)
        try history.recordOutcomes([
            SendOutcome(campaignId: "CA", phone: few[0], status: "failed", code: "131026"),
            SendOutcome(campaignId: "CA", phone: few[1], status: "failed", code: "131026"),
            SendOutcome(campaignId: "CA", phone: few[2], status: "sent", code: nil),
            SendOutcome(campaignId: "CB", phone: few[0], status: "failed", code: "131026"),
            SendOutcome(campaignId: "CB", phone: few[1], status: "failed", code: "131050"),
        ])
        #expect(try history.phonesFailing(code: "131026", inAtLeast: 2, among: few) == [few[0]])
        #expect(try history.phonesFailing(code: "131050", inAtLeast: 1, among: few) == [few[1]])
    }

    @Test("an opt-out keeps its first reason and run", arguments: Store.allCases)
    func optOuts(store: Store) throws {
        let history = try Self.open(store)
        try history.addOptOuts([
            OptOut(phone: "+966500000001", reason: "131050 stopped marketing messages", run: "a", foundAt: "2026-12-01T10:00:00Z")
        ])
        try history.addOptOuts([
            OptOut(phone: "+966500000001", reason: "later", run: "b", foundAt: "2026-12-02T10:00:00Z"),
            OptOut(phone: "+966500000002", reason: "131026 in two runs", run: "b", foundAt: "2026-12-02T10:00:00Z"),
        ])
        let all = try history.optOuts()
        #expect(all.count == 2)
        #expect(all["+966500000001"]?.run == "a")
        #expect(all["+966500000002"]?.reason == "131026 in two runs")
    }

    @Test("two processes' worth of connections write one SQLite file at once without losing a row")
    func concurrentSQLite() async throws {
        let folder = NSTemporaryDirectory() + "history-\(UUID().uuidString.prefix(8))"
        let location = HistoryLocation.from(environment: ["CUBE_STATE_DIR": folder], runDirectory: "/unused/run")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let history = try location.open()
                    for unit in 0..<10 {
                        let phones = Array(Self.phones[(writer * 10 + unit) * 100..<(writer * 10 + unit + 1) * 100])
                        try history.recordCreated(
                            Self.campaign(run: "w\(writer)", unit: "\(unit)", id: "C\(writer)-\(unit)"), phones: phones)
                    }
                }
            }
            try await group.waitForAll()
        }
        let prior = try location.open().priorRuns(
            phones: Array(Self.phones[0..<4_000]), account: "acct", template: "offer",
            since: "2026-01-01T00:00:00Z", excludingRun: "none")
        #expect(prior.map(\.phones).reduce(0, +) == 4_000)
        #expect(prior.count == 4)
    }

    @Test("state/ lives beside the folder of runs unless CUBE_STATE_DIR says; a URL means PostgreSQL")
    func location() {
        #expect(
            HistoryLocation.from(environment: [:], runDirectory: "/srv/cube/runs/2026-05-01")
                == .sqlite(path: "/srv/cube/state/history.sqlite"))
        #expect(
            HistoryLocation.from(environment: ["CUBE_STATE_DIR": "/var/lib/cube"], runDirectory: "/srv/runs/x")
                == .sqlite(path: "/var/lib/cube/history.sqlite"))
        #expect(
            HistoryLocation.from(environment: ["CUBE_STATE_URL": "postgres://u@h/db"], runDirectory: "/x")
                == .postgres(url: "postgres://u@h/db"))
        #expect(PostgresConnection.redacted("postgres://u:secret@h:5432/db") == "postgres://u@h:5432/db")
    }

    @Test(
        "no form of a PostgreSQL connection string keeps its secrets in a message",
        arguments: [
            (
                "postgres://u:PW@h:1/db?password=SECRET&sslpassword=SECRET&application_name=x",
                "postgres://u@h:1/db?password=redacted&sslpassword=redacted&application_name=x"
            ),
            ("postgresql://h/db?PassFile=/home/u/SECRET", "postgresql://h/db?PassFile=redacted"),
            ("host=h port=1 user=u password=SECRET dbname=db", "host=h port=1 user=u password=redacted dbname=db"),
            ("host = h password = 'SE CRET\\' x' sslpassword=SECRET", "host=h password=redacted sslpassword=redacted"),
            ("host=h password='SECRET", "PostgreSQL"),
            ("postgres://u:SECRET@[bad", "PostgreSQL"),
            ("not a connection string SECRET", "PostgreSQL"),
        ])
    func redactsEveryForm(connection: String, shown: String) {
        let redacted = PostgresConnection.redacted(connection)
        #expect(redacted == shown)
        #expect(!redacted.contains("SECRET") && !redacted.contains("PW"))
        #expect(!HistoryLocation.postgres(url: connection).description.contains("SECRET"))
    }

    @Test("a keyword connection string gets its connect timeout as a pair, a URL as a parameter")
    func connectTimeout() {
        #expect(PostgresConnection.withTimeout("host=h dbname=d") == "host=h dbname=d connect_timeout=10")
        #expect(PostgresConnection.withTimeout("postgres://h/d") == "postgres://h/d?connect_timeout=10")
        #expect(
            PostgresConnection.withTimeout("postgres://h/d?sslmode=disable")
                == "postgres://h/d?sslmode=disable&connect_timeout=10")
        #expect(PostgresConnection.withTimeout("host=h connect_timeout=3") == "host=h connect_timeout=3")
    }

    @Test(
        "a content is held by one run at a time: a second claim answers the holder, an override takes it, a release gives it back",
        arguments: Store.allCases)
    func contentClaims(store: Store) throws {
        let history = try Self.open(store)
        let first = ContentClaim(
            pipeline: "offers", sha256: "abc", claimId: "r1.x", run: "r1", place: "a:/s", file: "offers-1.csv",
            at: "2026-12-01T09:00:00Z")
        #expect(try history.claimContent(first, override: nil) == first)
        var resumed = first
        resumed.at = "2026-12-01T09:05:00Z"
        #expect(try history.claimContent(resumed, override: nil) == first, "a resumed claim keeps the first")
        let second = ContentClaim(
            pipeline: "offers", sha256: "abc", claimId: "r2.x", run: "r2", place: "b:/s", file: "offers-2.csv",
            at: "2026-12-01T10:00:00Z")
        #expect(try history.claimContent(second, override: nil) == first)
        let otherPipeline = ContentClaim(
            pipeline: "welcome", sha256: "abc", claimId: "r3.x", run: "r3", place: "a:/s", file: "w.csv",
            at: "2026-12-01T10:00:00Z")
        #expect(try history.claimContent(otherPipeline, override: nil) == otherPipeline)
        try history.releaseContent(pipeline: "offers", sha256: "abc", claimId: "r2.x", at: "2026-12-01T10:01:00Z")
        #expect(try history.contentHolder(pipeline: "offers", sha256: "abc") == first, "only the holder releases")
        #expect(try history.claimContent(second, override: "renamed with .resend") == second)
        try history.releaseContent(pipeline: "offers", sha256: "abc", claimId: "r2.x", at: "2026-12-01T10:02:00Z")
        #expect(try history.contentHolder(pipeline: "offers", sha256: "abc") == nil)
    }

    @Test("of many connections claiming one content at once, exactly one holds it", arguments: Store.allCases)
    func racingClaims(store: Store) throws {
        let environment: [String: String]
        switch store {
        case .sqlite: environment = ["CUBE_STATE_DIR": NSTemporaryDirectory() + "history-\(UUID().uuidString.prefix(8))"]
        case .postgres: environment = ["CUBE_STATE_URL": try PostgresServer.shared.get().freshDatabase()]
        }
        let location = HistoryLocation.from(environment: environment, runDirectory: "/unused/run")
        _ = try location.open()
        let winners = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let history = try location.open()
                let claim = ContentClaim(
                    pipeline: "offers", sha256: "same", claimId: "r.\(index)", run: "r", place: "p\(index)",
                    file: "f\(index).csv", at: "2026-12-01T09:00:00Z")
                if try history.claimContent(claim, override: nil) == claim { winners.withLock { $0.append(claim.run) } }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(winners.withLock { $0.count } == 1)
    }

    @Test(
        "a phone asked twice has its sends once; a resend claim holds even when the claim it overrides was released meanwhile",
        arguments: Store.allCases)
    func sendsOnceAndUpsertedClaims(store: Store) throws {
        let history = try Self.open(store)
        try history.recordCreated(Self.campaign(run: "night-1", id: "C1"), phones: Array(Self.phones[0..<10]))
        let asked = Array(Self.phones[0..<6_000]) + Array(Self.phones[0..<10])
        let sends = try history.recentSends(
            phones: asked, account: "acct", since: "2026-01-01T00:00:00Z", excludingRun: nil, failed: false)
        #expect(sends.count == 10)
        let first = ContentClaim(pipeline: "offers", sha256: "x", claimId: "a", run: "a", place: "p", file: "a.csv", at: "t1")
        let second = ContentClaim(pipeline: "offers", sha256: "x", claimId: "b", run: "b", place: "p", file: "b.csv", at: "t2")
        #expect(try history.claimContent(first, override: nil) == first)
        try history.releaseContent(pipeline: "offers", sha256: "x", claimId: "a", at: "t3")
        #expect(try history.claimContent(second, override: "--allow-resend") == second)
        #expect(try history.contentHolder(pipeline: "offers", sha256: "x") == second)
    }
}
