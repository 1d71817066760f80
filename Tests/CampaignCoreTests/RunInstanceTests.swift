import ArtifactText
import CubeAPI
import Foundation
import RunArtifacts
import Testing
@testable import CampaignCore

/// The contact history names a run by its folder, its planning moment and, for runs that have one,
/// the instance `run.json` was given: two machines' runs of one folder name planned in the same
/// second are two runs to a shared history.
struct RunInstanceTests {
    @Test("the history's run key carries the plan's instance; a plan without one keeps the key its rows hold")
    func runKey() {
        var plan = SubmitPlanningTests.plan()
        #expect(SendHistory.runKey(plan) == "r (planned 2026-05-01T10:00:00Z)")
        plan.instance = "00c0ffee00c0ffee"
        #expect(SendHistory.runKey(plan) == "r (planned 2026-05-01T10:00:00Z) [00c0ffee00c0ffee]")
        var other = plan
        other.instance = "0123456789abcdef"
        #expect(SendHistory.runKey(other) != SendHistory.runKey(plan))
        #expect(other.batches[0].idempotencyKey == plan.batches[0].idempotencyKey, "never part of a create's key")
    }

    @Test("a new plan takes run.json's instance, a started one keeps its own, and the two are told apart")
    func planTakesTheRunsInstance() throws {
        let lines = MayExistTests.recipientLines(["+966501234567", "+966501234568"])
        let (run, pipeline) = try MayExistTests.zonedRun(lines, timezone: "timezone: Asia/Riyadh, ")
        var manifest = RunManifest(runId: run.runId)
        manifest.instance = RunManifest.instance(of: run)
        try manifest.save(run)
        #expect(RunManifest.instance(of: run) == manifest.instance, "a run ingested again stays the same run")
        #expect(manifest.instance?.count == 16)
        let moment = try #require(Timestamp.parse("2026-12-02T23:00:00Z"))
        let plan = try BatchPlan.build(pipeline: pipeline, run: run, at: moment).plan
        #expect(plan.instance == manifest.instance)
        // A plan made before instances (nil) stays so when rebuilt: its history rows keep their key.
        var old = plan
        old.instance = nil
        #expect(try BatchPlan.build(pipeline: pipeline, run: run, at: moment, keeping: old).plan.instance == nil)
        #expect(plan.difference(from: old)?.contains("instance") == true)
        // A run.json from before instances: ingesting the run again gives it none.
        manifest.instance = nil
        try manifest.save(run)
        #expect(RunManifest.instance(of: run) == nil)
    }
}
