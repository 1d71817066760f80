import ArtifactText
import Foundation
import Testing
@testable import CubeAPI

@Suite("Wire types")
struct WireTests {
    @Test("the documented create answer decodes")
    func campaignDecodes() throws {
        let json =
            #"{"success":true,"data":{"campaign_id":"01JX","name":"Offer Reminder","status":"pending","message_type":"template","total_count":2,"sent_count":0,"failed_count":0,"scheduled_at":"2026-05-01T06:00:00Z","created_at":"2026-04-19T10:00:00Z"}}"#
        let campaign = try JSONDecoder().decode(Envelope<Campaign>.self, from: Data(json.utf8)).data
        #expect(campaign.totalCount == 2)
        #expect(campaign.scheduledAt == "2026-05-01T06:00:00Z")
        #expect(campaign.status == .pending)
    }

    @Test("statuses we do not know are not terminal", arguments: ["preparing", "scheduled", "paused", "pending", "processing"])
    func unknownStatus(raw: String) throws {
        let status = try JSONDecoder().decode(CampaignStatus.self, from: Data("\"\(raw)\"".utf8))
        #expect(!status.isTerminal)
    }

    @Test("terminal statuses", arguments: ["completed", "cancelled", "failed"])
    func terminal(raw: String) {
        #expect(CampaignStatus(rawValue: raw).isTerminal)
    }

    @Test("error details keep their structure")
    func errorDetails() throws {
        let json =
            #"{"success":false,"error":{"code":"MESSAGING_TIER_LIMIT_EXCEEDED","message":"limit","details":{"daily_limit":1000,"used_today":600,"remaining":400,"requested":500}}}"#
        let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(json.utf8))
        #expect(envelope.error.details?["remaining"]?.intValue == 400)
    }

    @Test("a number no Int holds exactly is no Int, not a trap", arguments: ["1e19", "-1e300", "2.5", "1e400"])
    func hugeNumbers(raw: String) throws {
        let json = #"{"remaining":"# + raw + "}"
        let value = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        #expect(value?["remaining"]?.intValue == nil)
    }

    @Test("recipient results encode explicit nulls as the API does")
    func explicitNulls() throws {
        let result = RecipientResult(
            phone: "966501234567", name: nil, status: "failed", messageLogId: nil,
            errorMessage: "Invalid phone number", sentAt: nil)
        let text = String(decoding: try JSONEncoder.api.encode(result), as: UTF8.self)
        #expect(text.contains("\"message_log_id\":null"))
        #expect(text.contains("\"sent_at\":null"))
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("local wall-clock time in a zone becomes the UTC instant")
    func riyadh() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Riyadh"))
        let date = try #require(Timestamp.parse("2026-05-01T09:00:00", zone: zone))
        #expect(Timestamp.utc(date) == "2026-05-01T06:00:00Z")
        #expect(Timestamp.local(date, in: zone) == "2026-05-01T09:00:00")
    }

    @Test(
        "offsets and Z win over the zone",
        arguments: [
            ("2026-05-01T09:00:00Z", "2026-05-01T09:00:00Z"),
            ("2026-05-01T09:00:00+03:00", "2026-05-01T06:00:00Z"),
            ("2026-05-01T09:00:00.500Z", "2026-05-01T09:00:00Z"),
            ("2026-05-01T09:00", "2026-05-01T09:00:00Z"),
        ])
    func offsets(text: String, expected: String) throws {
        #expect(Timestamp.parse(text).map(Timestamp.utc) == expected)
    }

    @Test(
        "nonsense is refused", arguments: ["2026-02-30T09:00:00", "2026-13-01T00:00:00", "tomorrow", "2026-05-01T09:00:00+3", ""])
    func refused(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}

@Suite("Digests and configuration")
struct DigestTests {
    @Test("HMAC-SHA256 matches RFC 4231 test case 2")
    func hmac() {
        #expect(
            Hashing.hmacSHA256Hex(key: "Jefe", message: Data("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("constant-time comparison")
    func constantTime() {
        #expect(Hashing.constantTimeEquals("abc", "abc"))
        #expect(!Hashing.constantTimeEquals("abc", "abd"))
        #expect(!Hashing.constantTimeEquals("abc", "ab"))
    }

    @Test("the sandbox key is only a default on this machine")
    func configuration() throws {
        let local = try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "http://127.0.0.1:9999"])
        #expect(local.apiKey == CubeConfiguration.sandboxKey)
        #expect(throws: ConfigurationError.self) {
            _ = try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "https://cubeconnect.example"])
        }
        let keyFile = NSTemporaryDirectory() + "key-\(UUID().uuidString)"
        try "secret-from-file\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let remote = try CubeConfiguration.fromEnvironment([
            "CUBE_BASE_URL": "https://cubeconnect.example/", "CUBE_API_KEY_FILE": keyFile,
        ])
        #expect(remote.apiKey == "secret-from-file")
        #expect(remote.baseURL == "https://cubeconnect.example")
        #expect(throws: ConfigurationError.self) {
            _ = try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "ftp://x"])
        }
    }

    @Test("plain http to another machine is refused before any connection; loopback, https and an explicit opt-in pass")
    func insecureHTTP() throws {
        #expect {
            _ = try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "http://cube.invalid/api", "CUBE_API_KEY": "k"])
        } throws: { error in
            "\(error)".contains("clear text") && "\(error)".contains("CUBE_ALLOW_INSECURE_HTTP=1")
        }
        #expect(throws: ConfigurationError.self) {
            _ = try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "http://10.0.0.5:8080", "CUBE_API_KEY": "k"])
        }
        #expect(throws: ConfigurationError.self) {
            _ = try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "http://127.0.0.1.example", "CUBE_API_KEY": "k"])
        }
        for local in ["http://127.0.0.1:1", "http://127.8.9.10", "http://localhost:8080", "http://[::1]:8080"] {
            #expect(
                try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": local]).apiKey == CubeConfiguration.sandboxKey, "\(local)"
            )
        }
        #expect(
            try CubeConfiguration.fromEnvironment(["CUBE_BASE_URL": "https://cube.invalid", "CUBE_API_KEY": "k"]).apiKey == "k")
        let allowed = try CubeConfiguration.fromEnvironment([
            "CUBE_BASE_URL": "http://cube.invalid", "CUBE_API_KEY": "k",
            "CUBE_ALLOW_INSECURE_HTTP": "1",
        ])
        #expect(allowed.baseURL == "http://cube.invalid")
    }

    @Test("backoff grows, stays under its ceiling, and honours Retry-After")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 0.5, maxDelay: 4)
        for attempt in 1...10 {
            let delay = policy.delay(afterAttempt: attempt)
            #expect(delay > 0 && delay <= 4)
        }
        #expect(policy.delay(afterAttempt: 1, hint: 7) == 7)
    }
}

@Suite("Create bodies")
struct CreateBodyTests {
    @Test("the hand-written body decodes back to the same request, and is stable")
    func roundTrip() throws {
        let request = CreateCampaignRequest(
            whatsappAccountId: "01JX", templateName: "order_confirmation", templateLanguage: "ar", templateParams: ["a\"b"],
            recipients: [
                WireRecipient(phone: "+966501234567", name: "سارة\n", variables: ["2": "x/y", "1": "\u{1}", "10": "z"]),
                WireRecipient(phone: "+966509876543"),
            ],
            campaignName: "Offer · part 1/2", scheduledAt: "2026-05-01T09:00:00", timezone: "Asia/Riyadh")
        let body = request.jsonBody()
        #expect(try JSONDecoder().decode(CreateCampaignRequest.self, from: body) == request)
        #expect(body == request.jsonBody())
        #expect(try JSONSerialization.jsonObject(with: body) is [String: Any])
    }
}

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    let body = Data(#"{"event":"campaign.completed"}"#.utf8)

    @Test("a fresh, correct signature is valid; anything else is not")
    func verdicts() throws {
        let now = try #require(Timestamp.parse("2026-05-01T09:00:00Z"))
        let stamp = "2026-05-01T08:59:00Z"
        let good = WebhookSignature.sign(body: self.body, timestamp: stamp, secret: "s")
        #expect(WebhookSignature.verify(body: self.body, timestamp: stamp, signature: good, secret: "s", now: now) == .valid)
        #expect(
            WebhookSignature.verify(body: self.body + Data(" ".utf8), timestamp: stamp, signature: good, secret: "s", now: now)
                == .badSignature)
        #expect(
            WebhookSignature.verify(body: self.body, timestamp: stamp, signature: good, secret: "other", now: now)
                == .badSignature)
        #expect(WebhookSignature.verify(body: self.body, timestamp: nil, signature: good, secret: "s", now: now) == .missing)
        let old = "2026-05-01T08:54:00Z"
        let oldSignature = WebhookSignature.sign(body: self.body, timestamp: old, secret: "s")
        #expect(
            WebhookSignature.verify(body: self.body, timestamp: old, signature: oldSignature, secret: "s", now: now) == .stale)
    }
}
