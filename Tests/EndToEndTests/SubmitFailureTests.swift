import Foundation
import Testing

/// What submit does when something is wrong: the right exit code, and nothing created.
@Suite("End to end: submit refuses safely")
struct SubmitFailureTests {
    /// Ingests and validates the samples into a fresh run.
    func preparedRun(_ name: String, pipeline: String = "pipelines/demo.yaml") throws -> [String] {
        let run = try Support.runDirectory(name)
        let common = ["--pipeline", pipeline, "--run", run]
        let env = ["CUBE_ACCOUNT_ID": "sandbox-account"]
        #expect(try Executables.run("campaign-ingest", common + Support.samples, environment: env).status == 0)
        #expect(try Executables.run("campaign-validate", common, environment: env).status == 0)
        return common
    }

    @Test("a refused API key exits 77 and creates nothing")
    func wrongKey() async throws {
        let sandbox = try SandboxProcess()
        let common = try self.preparedRun("key")
        var env = sandbox.environment
        env["CUBE_API_KEY"] = "not-the-key"
        let result = try Executables.run("campaign-submit", common, environment: env)
        #expect(result.status == 77)
        #expect(result.stderr.contains("CUBE_API_KEY"))
        #expect(!result.stderr.contains("not-the-key"), "the key must never be printed")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }

    @Test("a template the account does not have exits 78 before any create")
    func missingTemplate() async throws {
        let sandbox = try SandboxProcess(["--template", "something_else:ar:3"])
        let common = try self.preparedRun("template")
        let result = try Executables.run("campaign-submit", common, environment: sandbox.environment)
        #expect(result.status == 78)
        #expect(result.stderr.contains("order_confirmation"))
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }

    @Test("--dry-run prints the plan and sends nothing")
    func dryRun() async throws {
        let sandbox = try SandboxProcess()
        let common = try self.preparedRun("dry")
        let result = try Executables.run("campaign-submit", common + ["--dry-run"], environment: sandbox.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("part 3/3: 9 recipients in 09:00-21:00 Asia/Riyadh in en_US"), "\(result.stdout)")
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }

    @Test("plain http to another machine exits 78 before any connection (an attempt would exit 69)")
    func insecureHTTP() throws {
        let common = try self.preparedRun("insecure")
        let env = ["CUBE_BASE_URL": "http://cube.invalid", "CUBE_API_KEY": "k-secret", "CUBE_ACCOUNT_ID": "sandbox-account"]
        let result = try Executables.run("campaign-submit", common, environment: env)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("clear text"))
        #expect(!result.stderr.contains("k-secret"))
        let allowed = try Executables.run(
            "campaign-submit", common, environment: env.merging(["CUBE_ALLOW_INSECURE_HTTP": "1"]) { $1 })
        #expect(allowed.status == 69, "with the opt-in it tries, and cannot reach the host: \(allowed.stderr)")
    }

    @Test("an unreachable API exits 69")
    func unreachable() throws {
        let common = try self.preparedRun("down")
        let env = ["CUBE_BASE_URL": "http://127.0.0.1:9", "CUBE_API_KEY": "k", "CUBE_ACCOUNT_ID": "sandbox-account"]
        let result = try Executables.run("campaign-submit", common, environment: env)
        #expect(result.status == 69, "\(result.stderr)")
    }
}
