import CubeAPI
import Foundation
import Testing

/// Runs already on disk keep working: a run directory the previous release started and left half
/// sent is finished by these binaries, with nobody messaged twice and every record in the report.
///
/// The fixture (`Fixtures/previous-release-half-sent`) was made by the release binaries of
/// 2a10c1e: 37 records (a duplicate and a bad phone among them), parts of 10, the sandbox started
/// with `--faults timeout-after-create --fault-rate 1 --state sandbox.json`. Part 1 was created but
/// its answer never came, so the journal holds it as unknown; parts 2 to 4 were never sent. The
/// sandbox's state file holds part 1's campaign, as the real API would.
@Suite("End to end: a run the previous release left half sent")
struct PreviousReleaseTests {
    static let fixture = Executables.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/previous-release-half-sent")
    /// The campaign part 1 became in the fixture's sandbox.
    static let firstCampaign = "01M8XAZMPET5H4MMN8XSHPVZ53"

    /// The fixture copied into a scratch folder: the run keeps its folder name, which is its id and in its keys.
    func copy() throws -> String {
        let folder = try Support.runDirectory("previous-release")
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.fixture.path) {
            try FileManager.default.copyItem(atPath: Self.fixture.appendingPathComponent(name).path, toPath: folder + "/" + name)
        }
        return folder
    }

    @Test(
        "a half-sent run of the previous release is finished: part 1 kept, each phone in one campaign, each report row's campaign the one holding its phone"
    )
    func finishesHalfSentRun() async throws {
        let folder = try self.copy()
        let sandbox = try SandboxProcess(["--state", folder + "/sandbox.json", "--send-rate", "1000"])
        let run = folder + "/half-sent"
        let common = ["--pipeline", folder + "/pipeline.yaml", "--run", run]
        let submit = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(submit.status == 0, "\(submit.stderr)")
        let campaigns = try await Support.sandboxCampaigns(sandbox)
        #expect(campaigns.count == 4)
        #expect(campaigns.first?.campaignId == Self.firstCampaign, "part 1 was asked again with its key and kept")
        try await Support.expectEachPhoneOnce(sandbox, run: run)

        try await Support.advanceClock(sandbox, seconds: 600)
        let report = try Executables.run("campaign-report", common + ["--timeout", "120"], environment: sandbox.environment)
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Support.csvDictionaries(run + "/report.csv")
        #expect(rows.count == 37)
        #expect(Set(rows.map { "\($0["source"] ?? "") \($0["record"] ?? "")" }).count == 37, "every input record exactly once")
        var holder: [String: String] = [:]
        for (campaign, phones) in try await Support.sandboxPhones(sandbox) {
            for phone in phones { holder[phone.filter(\.isNumber)] = campaign }
        }
        let sent = rows.filter { ["sent", "failed"].contains($0["outcome"]) }
        #expect(sent.count == 35)
        for row in sent {
            let digits = (row["phone"] ?? "").filter(\.isNumber)
            #expect(
                row["campaign_id"] == holder[digits],
                "\(row["source"] ?? "") record \(row["record"] ?? "") is reported in the campaign that holds its phone")
        }
        #expect(rows.filter { $0["outcome"] == "duplicate" }.count == 1)
        #expect(rows.filter { $0["outcome"] == "rejected" }.count == 1)
    }
}
