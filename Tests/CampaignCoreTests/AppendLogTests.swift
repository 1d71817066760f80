import Foundation
import Testing
@testable import CampaignCore
@testable import Inbox
import RunArtifacts

@Suite("Append-only logs: journal and ledger")
struct AppendLogTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "append-log-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a torn last line is cut before the next append, kept aside, never glued")
    func tornTail() throws {
        let path = try Self.folder() + "/journal.ndjson"
        let whole = #"{"event":"intent","unit":"1","key":"k1"}"# + "\n"
        // Torn inside a two-byte character: the file is still read.
        let torn = Array(#"{"event":"created","unit":"1","message":"ف"#.utf8).dropLast()
        try Data(Array(whole.utf8) + torn).write(to: URL(fileURLWithPath: path))
        let journal = try Journal(path: path)
        #expect(journal.events.count == 1)
        try journal.append(.unknown(part: "1", key: "k1", code: nil, message: "no answer"))
        let reread = try Journal(path: path)
        #expect(reread.events.map(\.kind) == [.intent, .unknown])
        let aside = try Data(contentsOf: URL(fileURLWithPath: path + ".torn-\(whole.utf8.count)"))
        #expect([UInt8](aside) == Array(torn))
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\n"))
    }

    @Test("a damaged line that is not the last one is an error naming its line")
    func damagedMiddle() throws {
        let path = try Self.folder() + "/journal.ndjson"
        try (#"{"event":"intent","unit":"1"}"# + "\n" + "garbage\n" + #"{"event":"created","unit":"1"}"# + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: ArtifactError.self) { try Journal(path: path) }
        #expect(error?.summary == "\(path):2: damaged journal line")
    }

    @Test("the ledger cuts a torn line too, so a claim after it is read back")
    func ledger() throws {
        let path = try Self.folder() + "/ledger.ndjson"
        try
            (#"{"event":"claimed","pipeline":"p","sha256":"a","run":"r1","file":"a.csv","at":"x"}"# + "\n"
            + #"{"event":"claimed","pipeline":"p","sha"#).write(toFile: path, atomically: true, encoding: .utf8)
        let ledger = try ContentLedger(path: path)
        try ledger.append(.init(event: .claimed, pipeline: "p", sha256: "b", run: "r2", file: "b.csv", at: "y"))
        let reread = try ContentLedger(path: path)
        #expect(reread.holder(pipeline: "p", sha256: "b")?.run == "r2")
        #expect(reread.holder(pipeline: "p", sha256: "a")?.run == "r1")
    }

    @Test("files are the owner's only")
    func modes() throws {
        let path = try Self.folder() + "/journal.ndjson"
        try Journal(path: path).append(.intent(part: "1", key: nil, offset: nil, count: nil, scheduledAt: nil))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
    }
}
