import CubeAPI
import Foundation
import Testing
@testable import CampaignCore

/// The request defines the key: a field of `PartRequest` that the key does not cover would let two
/// different creates share a key, so these tests hold the two to each other.
@Suite("Part request")
struct PartRequestTests {
    static let base = PartRequest(
        pipeline: "p", runId: "r", account: "a", template: "t", language: "ar", params: [], name: "p · r · part 1/2",
        scheduledAt: nil, zone: "UTC", part: "1", digest: "d1", offset: 0, count: 20, window: nil)

    @Test("the key names every stored field of the request (add one to PartRequest and to keyMaterial together)")
    func everyFieldInTheKey() {
        var zoned = Self.base
        zoned.window = "09:00-21:00"
        let stored = Set(Mirror(reflecting: zoned).children.compactMap(\.label))
        let keyed = Set(zoned.keyMaterial.map(\.field))
        #expect(
            stored == keyed,
            "stored but not keyed: \(stored.subtracting(keyed)); keyed but not stored: \(keyed.subtracting(stored))")
    }

    @Test("changing any one field changes the key")
    func eachFieldChangesTheKey() {
        let changes: [(String, (inout PartRequest) -> Void)] = [
            ("pipeline", { $0.pipeline = "q" }), ("runId", { $0.runId = "s" }), ("account", { $0.account = "b" }),
            ("template", { $0.template = "u" }), ("language", { $0.language = "en_US" }), ("params", { $0.params = ["X"] }),
            ("name", { $0.name = "other" }), ("scheduledAt", { $0.scheduledAt = "2026-05-02T06:00:00Z" }),
            ("zone", { $0.zone = "Asia/Riyadh" }), ("part", { $0.part = "1.1" }), ("digest", { $0.digest = "d2" }),
            ("offset", { $0.offset = 5 }), ("count", { $0.count = 15 }), ("window", { $0.window = "09:00-21:00" }),
        ]
        #expect(Set(changes.map(\.0)) == Set(Mirror(reflecting: Self.base).children.compactMap(\.label)))
        var seen: Set<String> = [Self.base.idempotencyKey]
        for (field, change) in changes {
            var request = Self.base
            change(&request)
            #expect(seen.insert(request.idempotencyKey).inserted, "\(field) left the key as it was")
        }
    }

    @Test("the create says what the key covers: language, params, name, and the start on the zone's own clock")
    func createFromTheSameValue() throws {
        var request = Self.base
        request.params = ["X"]
        request.scheduledAt = "2026-12-03T06:00:00Z"
        request.zone = "Asia/Riyadh"
        let clock = try #require(TimeZone(identifier: "Asia/Riyadh"))
        let create = request.create(recipients: [], clock: clock)
        #expect(create.whatsappAccountId == "a" && create.templateName == "t" && create.templateLanguage == "ar")
        #expect(create.templateParams == ["X"] && create.campaignName == "p · r · part 1/2")
        #expect(create.scheduledAt == "2026-12-03T09:00:00" && create.timezone == "Asia/Riyadh")
        #expect(Self.base.create(recipients: [], clock: clock).timezone == nil, "a part that starts at once names no zone")
    }
}
