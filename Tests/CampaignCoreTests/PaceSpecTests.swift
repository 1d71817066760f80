import Foundation
import Testing

@testable import CampaignCore

@Suite("pace: sizes, waits and hours")
struct PaceSpecTests {
    @Test("a 5% canary, then parts of per_hour, each at most batch_size")
    func sizes() {
        let pace = PaceSpec(canary: .share(0.05), canaryWait: 7_200, perHour: 3_000)
        let sizes = pace.sizes(group: 10_000, total: 10_000, batchSize: 50_000)
        #expect(sizes.map(\.count) == [500, 3_000, 3_000, 3_000, 500])
        #expect(sizes.map(\.canary) == [true, false, false, false, false])
        // A canary larger than a batch is cut like any part; a share rounds up.
        let big = PaceSpec(canary: .share(0.5), canaryWait: nil, perHour: nil).sizes(group: 101, total: 101, batchSize: 20)
        #expect(big.map(\.count) == [20, 20, 11, 20, 20, 10])
        #expect(big.filter(\.canary).map(\.count).reduce(0, +) == 51)
        // A count is shared among groups in proportion (rounded up).
        #expect(PaceSpec(canary: .count(500), canaryWait: nil, perHour: nil).canarySize(group: 2_500, total: 10_000) == 125)
        #expect(PaceSpec(canary: .count(500), canaryWait: nil, perHour: nil).canarySize(group: 3, total: 3) == 3)
        // 0.07 * 100 is 7.000000000000001 in a Double: still 7.
        #expect(PaceSpec(canary: .share(0.07), canaryWait: nil, perHour: nil).canarySize(group: 100, total: 100) == 7)
    }

    @Test("a canary alone waits an hour; per_hour alone has no canary")
    func defaults() {
        #expect(PaceSpec(canary: .count(10), canaryWait: nil, perHour: nil).canaryWait == 3_600)
        #expect(PaceSpec(canary: nil, canaryWait: nil, perHour: 10).canaryWait == 0)
        #expect(
            PaceSpec(canary: nil, canaryWait: nil, perHour: 10).sizes(group: 25, total: 25, batchSize: 50).map(\.count) == [
                10, 10, 5,
            ])
    }

    @Test(
        "waits as a pipeline writes them",
        arguments: [("2h", 7_200.0), ("90m", 5_400), ("1h30m", 5_400), ("45s", 45), ("1d", 86_400)])
    func duration(text: String, seconds: Double) {
        #expect(PaceSpec.duration(text) == seconds)
    }

    @Test("a wait that is not one", arguments: ["", "2", "h", "2x", "-1h", "2h30"])
    func badDuration(text: String) {
        #expect(PaceSpec.duration(text) == nil)
    }

    @Test("the loader reads pace: strictly")
    func loader() throws {
        let base = """
            name: p
            account: a
            template: {name: t, language: ar}
            mapping: {phone: mobile}
            """
        func load(_ pace: String) throws -> Pipeline {
            try PipelineLoader(environment: [:]).parse(base + "\npace: " + pace + "\n", path: "p.yaml")
        }
        let pipeline = try load("{canary: 5%, canary_wait: 2h, per_hour: 20000}")
        #expect(pipeline.pace == PaceSpec(canary: .share(0.05), canaryWait: 7_200, perHour: 20_000))
        #expect(pipeline.canaryFailureRate == 0.2)
        #expect(try load("{canary: 500}").pace?.canary == .count(500))
        #expect(try load("{per_hour: 10}").canaryFailureRate == nil)
        for bad in [
            "{canary: 0%}", "{canary: 100%}", "{canary_wait: 2h}", "{per_hour: 0}", "{}", "{canary: 5%, canary_wait: 9d}",
        ] {
            #expect(throws: CampaignError.self, "\(bad)") { try load(bad) }
        }
    }
}
