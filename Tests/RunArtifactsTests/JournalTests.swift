import Foundation
import RunArtifacts
import Testing

/// `journal.ndjson`: each kind of event in the bytes every release wrote (runs in flight must read
/// as they are), and the lines a journal must refuse, with the file and line named.
struct JournalTests {
    /// Every kind, as `JournalEntry` wrote it before events were typed (keys sorted, no nulls).
    static let examples: [(JournalEvent, String)] = [
        (
            .planned(planDigest: "d", plannedAt: "2026-05-01T10:00:00Z"),
            #"{"event":"planned","plan_digest":"d","planned_at":"2026-05-01T10:00:00Z","unit":""}"#
        ),
        (
            .rescheduled(part: "2", scheduledAt: "2026-05-02T06:00:00Z"),
            #"{"event":"rescheduled","scheduled_at":"2026-05-02T06:00:00Z","unit":"2"}"#
        ),
        (
            .intent(part: "1", key: "cc2-k", offset: 0, count: 20, scheduledAt: nil),
            #"{"count":20,"event":"intent","key":"cc2-k","offset":0,"unit":"1"}"#
        ),
        (
            .intent(part: "test-1", key: "cc2-test-k", offset: nil, count: 2, scheduledAt: nil),
            #"{"count":2,"event":"intent","key":"cc2-test-k","unit":"test-1"}"#
        ),
        (
            .created(part: "1", key: "cc2-k", campaignId: "c1"),
            #"{"campaign_id":"c1","event":"created","key":"cc2-k","unit":"1"}"#
        ),
        (
            .rejected(part: "1", key: "cc2-k", code: "VALIDATION_ERROR", message: "bad \"x\" / y"),
            #"{"code":"VALIDATION_ERROR","event":"rejected","key":"cc2-k","message":"bad \"x\" / y","unit":"1"}"#
        ),
        (
            .deferred(part: "1", key: "cc2-k", code: "MESSAGING_TIER_LIMIT_EXCEEDED", message: "limit"),
            #"{"code":"MESSAGING_TIER_LIMIT_EXCEEDED","event":"deferred","key":"cc2-k","message":"limit","unit":"1"}"#
        ),
        (
            .split(
                part: "1",
                parts: [
                    JournalPart(part: "1.1", offset: 0, count: 5, scheduledAt: nil),
                    JournalPart(part: "1.2", offset: 5, count: 15, scheduledAt: "2026-05-02T09:00:00Z"),
                ]),
            #"{"event":"split","parts":[{"count":5,"offset":0,"unit":"1.1"},{"count":15,"offset":5,"scheduled_at":"2026-05-02T09:00:00Z","unit":"1.2"}],"unit":"1"}"#
        ),
        (
            .unknown(part: "1", key: "cc2-k", code: "NO_ANSWER", message: "timeout"),
            #"{"code":"NO_ANSWER","event":"unknown","key":"cc2-k","message":"timeout","unit":"1"}"#
        ),
        (
            .resolved(part: "1", campaignId: nil, message: "operator: resend"),
            #"{"event":"resolved","message":"operator: resend","unit":"1"}"#
        ),
        (
            .resolved(part: "1", campaignId: "c9", message: "operator: created"),
            #"{"campaign_id":"c9","event":"resolved","message":"operator: created","unit":"1"}"#
        ),
        (.cancelled(part: "2", campaignId: "c2"), #"{"campaign_id":"c2","event":"cancelled","unit":"2"}"#),
        (
            .cancelFailed(part: "2", campaignId: "c2", code: "INVALID_STATE", message: "running"),
            #"{"campaign_id":"c2","code":"INVALID_STATE","event":"cancel_failed","message":"running","unit":"2"}"#
        ),
        (
            .halted(message: "cancelled by campaign-submit --cancel"),
            #"{"event":"halted","message":"cancelled by campaign-submit --cancel","unit":""}"#
        ),
    ]

    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID()).ndjson").path
    }

    @Test("every kind of event is written in the bytes earlier releases wrote, and read back the same")
    func roundTrip() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = try Journal(path: path)
        for (event, _) in Self.examples { try journal.append(event) }
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == Self.examples.map { $0.1 + "\n" }.joined())
        #expect(try Journal(path: path).events == Self.examples.map(\.0))
        #expect(try Journal(path: path).planned?.planDigest == "d")
    }

    @Test(
        "a line that is not a journal event is refused with the file and line",
        arguments: [
            ("a key no release wrote", #"{"event":"intent","unit":"1","key":"k","price":1}"#),
            ("an unknown event", #"{"event":"launched","unit":"1"}"#),
            ("a creation without its campaign", #"{"event":"created","unit":"1","key":"k"}"#),
            ("a cancellation without its campaign", #"{"event":"cancelled","unit":"1"}"#),
            ("a split without its parts", #"{"event":"split","unit":"1","parts":[]}"#),
            ("a plan line without its digest", #"{"event":"planned","unit":"","planned_at":"x"}"#),
            ("no unit", #"{"event":"intent","key":"k"}"#),
            ("a count that is text", #"{"event":"intent","unit":"1","count":"20"}"#),
            ("a bad escape", #"{"event":"rejected","unit":"1","message":"\q"}"#),
            ("not JSON", "garbage"),
        ])
    func hostile(_ what: String, _ line: String) throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (Self.examples[2].1 + "\n" + line + "\n" + Self.examples[4].1 + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: ArtifactError.self, "\(what)") { try Journal(path: path) }
        #expect(error?.file == path && error?.line == 2, "\(what): \(String(describing: error))")
    }

    @Test("bytes that are not UTF-8 in a complete line are damage named by its line")
    func notUTF8() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array((Self.examples[2].1 + "\n").utf8)
        bytes += Array(#"{"event":"rejected","unit":"1","message":""#.utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ArtifactError.self) { try Journal(path: path) }
        #expect(error?.line == 2)
    }

    @Test("a torn last line is no event: it is cut before the next append and kept aside")
    func torn() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (Self.examples[2].1 + "\n" + #"{"event":"created","unit":"1","campaign_"#).write(
            toFile: path, atomically: true, encoding: .utf8)
        let journal = try Journal(path: path)
        #expect(journal.events == [Self.examples[2].0])
        try journal.append(Self.examples[4].0)
        #expect(try Journal(path: path).events == [Self.examples[2].0, Self.examples[4].0])
    }
}
