@testable import CampaignCore
import Foundation
@testable import Inbox
import RecipientIO
import Testing
import ContactHistory

@Suite("Inbox parts: names, settling, patterns, ledger")
struct InboxPartsTests {
    @Test("names in done/ and failed/ leave room for their suffixes, cut on a character boundary")
    func longNames() throws {
        let root = NSTemporaryDirectory() + "spool-\(UUID().uuidString.prefix(8))"
        let spool = try Spool(path: root)
        let long = String(repeating: "ع", count: 200) + ".csv"  // 404 bytes: too long for any file name
        let name = spool.freeName(long, in: spool.failed, runId: "offers-20261201T000000Z-x")
        #expect(name.utf8.count + ".summary.json".utf8.count <= 255)
        #expect(name.hasPrefix("offers-20261201T000000Z-x-ع"))
        #expect(FileManager.default.createFile(atPath: spool.failed + "/" + name + ".error.txt", contents: Data("x".utf8)))
        let newline = "offers-new\nline.csv"
        #expect(spool.freeName(newline, in: spool.failed, runId: "r") == newline)
        #expect(FileManager.default.createFile(atPath: spool.failed + "/" + newline + ".error.txt", contents: Data("x".utf8)))
        let modes = try FileManager.default.attributesOfItem(atPath: spool.inbox)[.posixPermissions] as? Int
        #expect(modes == 0o700)
    }

    @Test("an existing spool's folders are tightened to the owner's; a taken file loses the dropper's mode")
    func ownerOnly() throws {
        let root = NSTemporaryDirectory() + "spool-\(UUID().uuidString.prefix(8))"
        for folder in ["inbox", "runs", "done", "failed"] {
            try FileManager.default.createDirectory(
                atPath: root + "/" + folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o775])
        }
        let spool = try Spool(path: root)
        for folder in [spool.inbox, spool.runs, spool.done, spool.failed] {
            #expect(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int == 0o700, "\(folder)")
        }
        let dropped = spool.inbox + "/offers.csv"
        #expect(FileManager.default.createFile(atPath: dropped, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644]))
        try Spool.move(dropped, to: spool.done + "/offers.csv")
        #expect(try FileManager.default.attributesOfItem(atPath: spool.done + "/offers.csv")[.posixPermissions] as? Int == 0o600)
    }

    @Test("the atomic writer never follows a link planted where its temp file goes, nor trips on a stale one")
    func plantedLink() throws {
        let folder = NSTemporaryDirectory() + "atomic-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let victim = folder + "/victim.txt"
        try "keep me".write(toFile: victim, atomically: true, encoding: .utf8)
        let target = folder + "/report.csv"
        try FileManager.default.createSymbolicLink(atPath: target + ".tmp-\(getpid())", withDestinationPath: victim)
        let writer = try AtomicFileWriter(path: target)
        try writer.write("new\n")
        try writer.commit()
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        // A stale temp file of the same pid (a crashed earlier process) does not stop the next write.
        try "stale".write(toFile: target + ".tmp-\(getpid())", atomically: false, encoding: .utf8)
        let again = try AtomicFileWriter(path: target)
        try again.write("newer\n")
        try again.commit()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "newer\n")
    }

    @Test(
        "hidden, Office lock and partial-download names are left alone; .resend is seen and taken out",
        arguments: [
            (".x.csv", true), ("~$offers.xlsx", true), ("a.tmp", true), ("a.csv.part", true), ("a.CRDOWNLOAD", true),
            ("offers-1.csv", false), ("offers.csv.gz", false),
        ])
    func ignored(name: String, ignored: Bool) {
        #expect(InboxName(name).isIgnored == ignored)
    }

    @Test("the resend marker before the extension, or at the end")
    func resend() {
        #expect(InboxName("offers-1.resend.csv").withoutResend == "offers-1.csv")
        #expect(InboxName("offers-1.resend.csv.gz").withoutResend == "offers-1.csv.gz")
        #expect(InboxName("offers-1.csv.resend").withoutResend == "offers-1.csv")
        #expect(InboxName("offers-1.resend.csv").asksForResend)
        #expect(!InboxName("resender.csv").asksForResend)
        #expect(InboxName("Ventes été 2026.csv").stem == "Ventes--t--2026")
    }

    @Test("a file is ready only after size and mtime stay the same for the settle time")
    func settle() {
        var settle = FileSettle(settle: 2)
        let (a, b) = (DroppedName("a"), DroppedName("b"))
        #expect(settle.observe([a: (10, 1)], now: 100).isEmpty)
        #expect(settle.observe([a: (20, 2)], now: 101.5).isEmpty)  // grew: the clock starts again
        #expect(settle.observe([a: (20, 2)], now: 103).isEmpty)
        #expect(settle.observe([a: (20, 2), b: (5, 1)], now: 103.6) == [a])
        #expect(settle.observe([b: (5, 1)], now: 106) == [b])  // a vanished: forgotten
        #expect(settle.waiting == 1)
    }

    @Test("names that differ only in Unicode normalisation settle apart; a name that is not UTF-8 is shown byte by byte")
    func namesByBytes() {
        let composed = DroppedName("caf\u{E9}.csv")
        let decomposed = DroppedName("cafe\u{301}.csv")
        #expect(composed.text == decomposed.text, "Swift calls them equal strings")
        #expect(composed != decomposed, "but they are two files")
        var settle = FileSettle(settle: 2)
        #expect(settle.observe([composed: (10, 1), decomposed: (10, 1)], now: 100).isEmpty)
        #expect(
            settle.observe([composed: (10, 1), decomposed: (20, 2)], now: 102.5) == [composed], "the twin still growing waits")
        #expect(settle.waiting == 2)
        let latin = DroppedName(bytes: Array("caf".utf8) + [0xE9] + Array(".csv".utf8))
        #expect(latin.text == nil)
        #expect(latin.shown == "caf\\xE9.csv")
    }

    @Test("patterns are shell globs on the name")
    func patterns() {
        #expect(PipelineRouter.matches("offers-*.csv", "offers-2026-05.csv"))
        #expect(!PipelineRouter.matches("offers-*.csv", "offers-2026-05.csv.gz"))
        #expect(PipelineRouter.matches("orders-[0-9]*.xml", "orders-7.xml"))
        #expect(!PipelineRouter.matches("offers-*.csv", "Offers-1.csv"))
    }

    @Test("a spool's ledger.ndjson of earlier versions is imported once: what it held stays held, what it released does not")
    func ledgerImport() throws {
        let spool = try Spool(path: NSTemporaryDirectory() + "spool-\(UUID().uuidString.prefix(8))")
        let ledger = try ContentLedger(path: spool.ledger)
        let claim = ContentLedger.Entry(event: .claimed, pipeline: "p", sha256: "abc", run: "r1", file: "a.csv", at: "t")
        try ledger.append(claim)
        var released = claim
        released.event = .released
        try ledger.append(released)
        var again = claim
        again.run = "r2"
        try ledger.append(again)
        try ledger.append(.init(event: .claimed, pipeline: "q", sha256: "def", run: "r3", file: "b.csv", at: "t"))
        try ledger.append(.init(event: .released, pipeline: "q", sha256: "def", run: "r3", file: "b.csv", at: "t"))
        // A torn last line, as a crash mid-append leaves it.
        let handle = try #require(FileHandle(forWritingAtPath: spool.ledger))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"event\":\"relea".utf8))
        try handle.close()

        let store = try InboxLedger.open(spool)
        #expect(try store.importFile(of: spool) == 1)
        #expect(
            !FileManager.default.fileExists(atPath: spool.ledger)
                && FileManager.default.fileExists(atPath: spool.ledger + ".imported"))
        #expect(try store.history.contentHolder(pipeline: "p", sha256: "abc")?.run == "r2")
        #expect(try store.history.contentHolder(pipeline: "q", sha256: "def") == nil)
        #expect(try store.importFile(of: spool) == 0, "imported once")
    }
}
