import AsyncHTTPClient
import CubeAPI
import Foundation
import NIOCore
import Testing
import NIOHTTP1

/// Contract tests that need the real `cube-sandbox` process: webhooks, faults and restarts.
@Suite("cube-sandbox process")
struct SandboxProcessTests {
    func create(
        _ sandbox: SandboxProcess, key: String = UUID().uuidString, recipients: Int = 3,
        timeout: TimeAmount = .seconds(10)
    ) async throws -> (HTTPClientResponse, Data) {
        let body = CreateCampaignRequest(
            whatsappAccountId: "sandbox-account", templateName: "offer_reminder", templateLanguage: "en_US",
            templateParams: nil,
            recipients: (0..<recipients).map {
                WireRecipient(phone: "+96650\(1_000_000 + $0)", variables: ["1": "a", "2": "b"])
            },
            campaignName: "contract", scheduledAt: nil, timezone: nil)
        var request = HTTPClientRequest(url: sandbox.baseURL + "/api/v1/campaigns")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer sandbox-key")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: key)
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder.api.encode(body)))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (response, Data(bytes.readableBytesView))
    }

    @Test("secrets from files, not argv: a key in --api-key-file is accepted, the default key is not, and ps shows no secret")
    func secretsFromFiles() async throws {
        let folder = try Support.runDirectory("sandbox-secrets")
        try "k-from-file-1\n\nk-from-file-2\n".write(toFile: folder + "/keys", atomically: true, encoding: .utf8)
        try "whsec-from-file\n".write(toFile: folder + "/secret", atomically: true, encoding: .utf8)
        let sandbox = try SandboxProcess(["--api-key-file", folder + "/keys", "--webhook-secret-file", folder + "/secret"])
        func status(_ key: String) throws -> String {
            try Executables.runCommand(
                "/usr/bin/curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)",
                    sandbox.baseURL + "/api/v1/templates?whatsapp_account_id=sandbox-account",
                ]
            ).stdout
        }
        #expect(try status("k-from-file-2") == "200")
        #expect(try status("sandbox-key") == "401", "the file replaces the default key")
        let cmdline = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(sandbox.process.processIdentifier)/cmdline"))
        let argv = String(decoding: cmdline, as: UTF8.self)
        #expect(!argv.contains("k-from-file") && !argv.contains("whsec-from-file"), "\(argv)")
        let missing = try Executables.run("cube-sandbox", ["--api-key-file", folder + "/nothing-here"])
        #expect(missing.status == 64 && missing.stderr.contains("cannot be read"), "\(missing.stderr)")
    }

    @Test("what a web page could send is refused: a cross-origin text POST to reset, a foreign Host reading recipients")
    func webPagesRefused() async throws {
        let sandbox = try SandboxProcess()
        let (created, data) = try await self.create(sandbox)
        #expect(created.status.code == 201 || created.status.code == 202)
        let id = try JSONDecoder().decode(Envelope<Campaign>.self, from: data).data.campaignId
        func curl(_ arguments: [String]) throws -> String {
            try Executables.runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}"] + arguments).stdout
        }
        // A form or fetch() "simple" request from another site: no preflight, so the sandbox must refuse it itself.
        #expect(
            try curl([
                "-X", "POST", "-H", "Content-Type: text/plain", "-H", "Origin: http://evil.example", "--data", "{}",
                sandbox.baseURL + "/_sandbox/reset",
            ]) == "403")
        #expect(
            try curl([
                "-X", "POST", "-H", "Content-Type: application/json", "-H", "Origin: http://evil.example", "--data", "{}",
                sandbox.baseURL + "/_sandbox/reset",
            ]) == "403")
        #expect(try curl(["-X", "POST", "--data", "{}", sandbox.baseURL + "/_sandbox/reset"]) == "403", "JSON only")
        #expect(try await Support.sandboxCampaigns(sandbox).count == 1, "nothing was reset")
        // DNS rebinding: the page's own name in Host, the well-known key.
        #expect(
            try curl([
                "-H", "Host: evil.example", "-H", "Authorization: Bearer sandbox-key",
                sandbox.baseURL + "/api/v1/campaigns/\(id)/recipients",
            ]) == "403")
        #expect(try curl(["-H", "Host: evil.example", sandbox.baseURL + "/_sandbox/campaigns"]) == "403")
        #expect(
            try curl(["-H", "Authorization: Bearer sandbox-key", sandbox.baseURL + "/api/v1/campaigns/\(id)/recipients"]) == "200"
        )
        #expect(
            try curl([
                "-H", "Host: localhost:1", "-H", "Authorization: Bearer sandbox-key",
                sandbox.baseURL + "/api/v1/campaigns/\(id)/recipients",
            ]) == "200")
    }

    @Test("webhooks arrive signed as documented, and are retried while the receiver fails")
    func webhooks() async throws {
        let receiver = WebhookReceiver(secret: "whsec-test", refuseFirst: 2)
        try await receiver.start()
        defer { receiver.stop() }
        let sandbox = try SandboxProcess([
            "--webhook-url", "http://127.0.0.1:\(receiver.port)/hooks",
            "--webhook-secret", "whsec-test", "--start-delay", "0.2",
        ])
        let (response, _) = try await self.create(sandbox)
        #expect(response.status.code == 201)
        let done = try await eventuallyAsync(30) {
            return Set(
                receiver.received.filter(\.accepted).compactMap {
                    try? JSONDecoder().decode(WebhookEvent.self, from: $0.body).event
                })
                == ["campaign.created", "campaign.started", "campaign.completed"]
        }
        #expect(done)
        #expect(receiver.received.count >= 5, "two refusals must have been retried")
        for delivery in receiver.received {
            #expect(receiver.isValid(delivery))
            let object = try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any]
            #expect(object?["tenant_id"] as? String == "sandbox-account")
            #expect(object?["timestamp"] != nil)
        }
        var forged = try #require(receiver.received.first)
        forged.body.append(contentsOf: Array(" ".utf8))
        #expect(!receiver.isValid(forged))
    }

    @Test("fault 5xx answers 503 SERVICE_DEGRADED")
    func fault5xx() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "5xx"])
        let (response, data) = try await self.create(sandbox)
        #expect(response.status.code == 503)
        #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: data).error.code == ErrorCode.serviceDegraded)
        #expect(try await Support.sandboxCampaigns(sandbox).isEmpty)
    }

    @Test("fault drop closes the connection without an answer")
    func faultDrop() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "drop"])
        await #expect(throws: (any Error).self) { _ = try await self.create(sandbox) }
    }

    @Test("fault slow still answers")
    func faultSlow() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "slow", "--fault-delay", "10"])
        let (response, _) = try await self.create(sandbox)
        #expect(response.status.code == 201)
    }

    @Test("fault timeout-after-create creates the campaign and never answers")
    func faultTimeoutAfterCreate() async throws {
        let sandbox = try SandboxProcess(["--fault-rate", "1", "--faults", "timeout-after-create", "--fault-delay", "3"])
        await #expect(throws: (any Error).self) { _ = try await self.create(sandbox, timeout: .seconds(2)) }
        #expect(try await Support.sandboxCampaigns(sandbox).count == 1)
    }

    @Test("with --state, a restarted sandbox keeps campaigns, counters and keys")
    func stateSurvivesRestart() async throws {
        let state = NSTemporaryDirectory() + "sandbox-state-\(UUID().uuidString).json"
        var first: SandboxProcess? = try SandboxProcess(["--state", state, "--account", "sandbox-account:1"])
        // Away from midnight, so both creates count against the same UTC day; the clock is kept in the state.
        try await Support.setClock(try #require(first), to: Support.noonTomorrowUTC)
        let (response, data) = try await self.create(try #require(first), key: "restart-key", recipients: 600)
        #expect(response.status.code == 201)
        let created = try JSONDecoder().decode(Envelope<Campaign>.self, from: data).data
        first = nil
        let second = try SandboxProcess(["--state", state, "--account", "sandbox-account:1"])
        let campaigns = try await Support.sandboxCampaigns(second)
        #expect(campaigns.map(\.campaignId) == [created.campaignId])
        // The same key answers the same campaign; the tier counter remembers the 600.
        let (_, again) = try await self.create(second, key: "restart-key", recipients: 600)
        #expect(try JSONDecoder().decode(Envelope<Campaign>.self, from: again).data.campaignId == created.campaignId)
        let (refused, details) = try await self.create(second, recipients: 500)
        #expect(refused.status.code == 429)
        #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: details).error.details?["used_today"]?.intValue == 600)
    }
}
