import Foundation
import Testing
import CubeAPI

/// Finding #28.7's names, reproduced: a file whose name is not UTF-8 sat in inbox/ for ever, never
/// logged; two names that differ only in Unicode normalisation shared one settle record. Now the
/// first goes to failed/ with a note, and each twin is taken once, on its own.
@Suite("End to end: names in the inbox")
struct InboxNameTests {
    @Test("normalisation twins are each sent once; a name that is not UTF-8 goes to failed/ with a note")
    func namesByBytes() async throws {
        let sandbox = try SandboxProcess(["--failure-rate", "0"])
        let fixture = try InboxFixture(
            "names", pipelines: ["offers.yaml": InboxFixture.pipeline("offers", match: ["offers-*.csv"])])
        try fixture.drop("offers-caf\u{E9}.csv", Support.recipientsCSV(count: 5))
        try fixture.drop("offers-cafe\u{301}.csv", Support.recipientsCSV(count: 7, first: 100))
        // Latin-1 é: written under a plain name, then renamed to the raw bytes (no Swift String holds them).
        try fixture.drop("offers-latin.csv", Support.recipientsCSV(count: 3, first: 200))
        let raw = Array((fixture.inbox + "/offers-caf").utf8) + [0xE9] + Array(".csv".utf8)
        let renamed = rename(fixture.inbox + "/offers-latin.csv", raw.map { CChar(bitPattern: $0) } + [0])
        #expect(renamed == 0)

        let result = try fixture.watch(sandbox, ["--once", "--settle", "0.3"])
        #expect(result.status == 0, "\(result.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.reduce(0) { $0 + $1.recipientCount } == 12, "both twins, and nothing of the unnamed file")
        let phones = try await Support.sandboxPhones(sandbox).values.flatMap { $0 }
        #expect(phones.count == 12 && Set(phones).count == 12, "no phone is in two campaigns")

        let done = (try? FileManager.default.contentsOfDirectory(atPath: fixture.done)) ?? []
        #expect(done.filter { $0.hasSuffix(".csv") && !$0.hasSuffix(".report.csv") }.count == 2, "\(done)")
        #expect(
            fixture.names(fixture.failed) == ["offers-caf\\xE9.csv", "offers-caf\\xE9.csv.error.txt"],
            "\(fixture.names(fixture.failed))")
        let note = try String(contentsOfFile: fixture.failed + "/offers-caf\\xE9.csv.error.txt", encoding: .utf8)
        #expect(note.contains("is not UTF-8") && note.contains("drop it into inbox/ again"), "\(note)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: fixture.inbox)) ?? []).isEmpty)
    }
}
