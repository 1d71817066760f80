import CubeAPI
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CubeSandbox

@Suite("cube-sandbox API")
struct SandboxAPITests {
    @Test("health answers without a key")
    func health() async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            try await client.execute(uri: "/api/health", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try decode(Health.self, response.body).status == "ok")
            }
        }
    }

    @Test("a missing key and a wrong key are 401s with their own codes")
    func authentication() async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, body: try createBody()) { response throws in
                #expect(response.status == .unauthorized)
                #expect(try errorCode(response.body).code == ErrorCode.authenticationRequired)
            }
            try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: [.authorization: "Bearer nope"],
                body: try createBody()
            ) { response throws in
                #expect(try errorCode(response.body).code == ErrorCode.invalidAPIKey)
            }
        }
    }

    @Test("a create answers 201 pending with a ULID, and the same key returns the same campaign")
    func createAndIdempotency() async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            let first = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: headers(key: "k1"),
                body: try createBody()
            ) { response throws in
                #expect(response.status == .created)
                return try decode(Envelope<Campaign>.self, response.body).data
            }
            #expect(first.status == .pending)
            #expect(first.totalCount == 2)
            #expect(first.campaignId.count == 26)
            #expect(first.scheduledAt == nil)
            let again = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: headers(key: "k1"),
                body: try createBody()
            ) { response throws in
                try decode(Envelope<Campaign>.self, response.body).data
            }
            #expect(again.campaignId == first.campaignId)
            try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: headers(key: "k1"),
                body: try createBody(recipients: 3)
            ) { response throws in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/_sandbox/campaigns", method: .get) { response throws in
                #expect(try decode(Envelope<[SandboxCampaignSummary]>.self, response.body).data.count == 1)
            }
        }
    }

    @Test(
        "template checks answer the documented codes",
        arguments: [
            ("missing_template", "ar", 3, ErrorCode.templateNotFound, 404),
            ("order_confirmation", "fr", 3, ErrorCode.templateLanguageMismatch, 422),
            ("order_confirmation", "ar", 2, ErrorCode.templateParamsMismatch, 422),
        ])
    func templateChecks(template: String, language: String, variables: Int, code: String, status: Int) async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth,
                body: try createBody(template: template, language: language, variables: variables)
            ) { response throws in
                #expect(Int(response.status.code) == status)
                #expect(try errorCode(response.body).code == code)
            }
        }
    }

    @Test(
        "field validation names the field",
        arguments: [
            (try! createBody(recipients: 0), "recipients"),
            (try! createBody(name: String(repeating: "x", count: 121)), "campaign_name"),
            (try! createBody(scheduledAt: "2020-01-01T09:00:00"), "scheduled_at"),
            (try! createBody(scheduledAt: "2099-01-01T09:00:00", timezone: "Mars/Olympus"), "timezone"),
        ])
    func fieldValidation(body: ByteBuffer, field: String) async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: auth, body: body) { response throws in
                #expect(response.status == .unprocessableContent)
                let error = try errorCode(response.body)
                #expect(error.details?[field] != nil, "details: \(String(describing: error.details))")
            }
        }
    }

    @Test("scheduled_at in Asia/Riyadh answers the UTC instant, and the campaign waits for it")
    func scheduledRiyadh() async throws {
        let (app, clock) = try makeSandbox()
        try await app.test(.router) { client throws in
            let campaign = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth,
                body: try createBody(scheduledAt: "2099-05-01T09:00:00", timezone: "Asia/Riyadh")
            ) { response throws in
                try decode(Envelope<Campaign>.self, response.body).data
            }
            #expect(campaign.scheduledAt == "2099-05-01T06:00:00Z")
            clock.set(to: try #require(Timestamp.parse("2099-05-01T05:59:00Z")))
            try await client.execute(uri: "/api/v1/campaigns/\(campaign.campaignId)", method: .get, headers: auth) {
                response throws in
                #expect(try decode(Envelope<Campaign>.self, response.body).data.status == .pending)
            }
            clock.advance(by: 3600)
            try await client.execute(uri: "/api/v1/campaigns/\(campaign.campaignId)", method: .get, headers: auth) {
                response throws in
                let data = try decode(Envelope<Campaign>.self, response.body).data
                #expect(data.status == .completed)
                #expect(data.sentCount + data.failedCount == data.totalCount)
            }
        }
    }

    @Test("the tier limit answers 429 with the arithmetic in details")
    func tierLimit() async throws {
        let (app, clock) = try makeSandbox { $0.accounts = ["tier1": .tier1] }
        // Tomorrow's noon, so both creates fall on one UTC day even when the test runs at midnight.
        let midnightUTC = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        clock.set(to: Date(timeIntervalSince1970: midnightUTC + 86_400 * 1.5))
        try await app.test(.router) { client throws in
            try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth,
                body: try createBody(recipients: 600, account: "tier1")
            ) { response throws in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth,
                body: try createBody(recipients: 500, account: "tier1", phoneBase: 966_510_000_000)
            ) { response throws in
                #expect(response.status == .tooManyRequests)
                let error = try errorCode(response.body)
                #expect(error.code == ErrorCode.messagingTierLimitExceeded)
                #expect(error.details?["daily_limit"]?.intValue == 1000)
                #expect(error.details?["used_today"]?.intValue == 600)
                #expect(error.details?["remaining"]?.intValue == 400)
                #expect(error.details?["requested"]?.intValue == 500)
            }
        }
    }

    @Test("recipient pages: per_page 101 refused, last page, empty page beyond, status filter")
    func pagination() async throws {
        let (app, clock) = try makeSandbox()
        try await app.test(.router) { client throws in
            let campaign = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth,
                body: try createBody(recipients: 250)
            ) { response throws in
                try decode(Envelope<Campaign>.self, response.body).data
            }
            clock.advance(by: 60)
            let base = "/api/v1/campaigns/\(campaign.campaignId)/recipients"
            try await client.execute(uri: base + "?per_page=101", method: .get, headers: auth) { response throws in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: base + "?per_page=100&page=3", method: .get, headers: auth) { response throws in
                let page = try decode(Envelope<RecipientPage>.self, response.body).data
                #expect(page.recipients.count == 50)
                #expect(page.pagination.lastPage == 3)
                #expect(page.pagination.total == 250)
                #expect(page.recipients.allSatisfy { !$0.phone.hasPrefix("+") })
            }
            try await client.execute(uri: base + "?per_page=100&page=4", method: .get, headers: auth) { response throws in
                #expect(try decode(Envelope<RecipientPage>.self, response.body).data.recipients.isEmpty)
            }
            let status = try await client.execute(uri: "/api/v1/campaigns/\(campaign.campaignId)", method: .get, headers: auth) {
                response throws in
                try decode(Envelope<Campaign>.self, response.body).data
            }
            try await client.execute(uri: base + "?per_page=100&status=failed", method: .get, headers: auth) { response throws in
                let page = try decode(Envelope<RecipientPage>.self, response.body).data
                #expect(page.pagination.total == status.failedCount)
                #expect(page.recipients.allSatisfy { $0.status == "failed" && $0.errorMessage != nil })
            }
        }
    }

    @Test("cancel works while pending and is refused once started")
    func cancel() async throws {
        // A start far enough off that a loaded machine cannot reach it between the creates and the first cancel.
        let (app, clock) = try makeSandbox { $0.startDelay = 600 }
        try await app.test(.router) { client throws in
            var ids: [String] = []
            for base in [966_500_000_000, 966_520_000_000] {
                ids.append(
                    try await client.execute(
                        uri: "/api/v1/campaigns", method: .post, headers: auth,
                        body: try createBody(phoneBase: base)
                    ) { response throws in
                        try decode(Envelope<Campaign>.self, response.body).data.campaignId
                    })
            }
            try await client.execute(uri: "/api/v1/campaigns/\(ids[0])/cancel", method: .post, headers: auth) { response throws in
                #expect(response.status == .ok)
            }
            clock.advance(by: 601)
            try await client.execute(uri: "/api/v1/campaigns/\(ids[1])/cancel", method: .post, headers: auth) { response throws in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/campaigns/\(ids[0])", method: .get, headers: auth) { response throws in
                #expect(try decode(Envelope<Campaign>.self, response.body).data.status == .cancelled)
            }
        }
    }

    @Test("the per-minute limit answers 429 with Retry-After and X-RateLimit headers")
    func rateLimit() async throws {
        let (app, _) = try makeSandbox { $0.rateLimit = 2 }
        try await app.test(.router) { client throws in
            for expected in ["1", "0"] {
                try await client.execute(
                    uri: "/api/v1/templates?whatsapp_account_id=sandbox-account", method: .get, headers: auth
                ) { response throws in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == expected)
                }
            }
            try await client.execute(uri: "/api/v1/templates?whatsapp_account_id=sandbox-account", method: .get, headers: auth) {
                response throws in
                #expect(response.status == .tooManyRequests)
                #expect(try errorCode(response.body).code == ErrorCode.rateLimitExceeded)
                #expect(response.headers[.retryAfter] != nil)
            }
        }
    }
}

@Suite("cube-sandbox encoding")
struct SandboxEncodingTests {
    @Test("hand-written recipient pages equal what JSONEncoder writes")
    func pageBytes() throws {
        let page = RecipientPage(
            campaignId: "01JX",
            recipients: [
                RecipientResult(
                    phone: "966501234567", name: "سارة \"S\"", status: "sent", messageLogId: "01JY", errorMessage: nil,
                    sentAt: "2026-04-19T10:05:32Z"),
                RecipientResult(
                    phone: "966509876543", name: nil, status: "failed", messageLogId: nil,
                    errorMessage: "Invalid phone number", sentAt: nil),
            ], pagination: Pagination(currentPage: 1, perPage: 50, total: 2, lastPage: 1))
        let expected = String(decoding: try JSONEncoder.api.encode(Envelope(data: page)), as: UTF8.self)
        #expect(RecipientPageJSON.encode(page) == expected)
    }
}

@Suite("cube-sandbox API, more codes")
struct SandboxMoreCodesTests {
    @Test("an unknown campaign is 404 NOT_FOUND")
    func unknownCampaign() async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            for path in ["/api/v1/campaigns/01NOPE", "/api/v1/campaigns/01NOPE/recipients"] {
                try await client.execute(uri: path, method: .get, headers: auth) { response throws in
                    #expect(response.status == .notFound)
                    #expect(try errorCode(response.body).code == ErrorCode.notFound)
                }
            }
        }
    }

    @Test("a phone that is not E.164 is 422 INVALID_PHONE_NUMBER naming the recipient")
    func invalidPhone() async throws {
        let (app, _) = try makeSandbox()
        let body = CreateCampaignRequest(
            whatsappAccountId: "sandbox-account", templateName: "order_confirmation",
            templateLanguage: "ar", templateParams: ["a", "b", "c"],
            recipients: [WireRecipient(phone: "+966501234567"), WireRecipient(phone: "0501234567")],
            campaignName: nil, scheduledAt: nil, timezone: nil)
        try await app.test(.router) { client throws in
            try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth,
                body: ByteBuffer(bytes: try JSONEncoder.api.encode(body))
            ) { response throws in
                #expect(response.status == .unprocessableContent)
                let error = try errorCode(response.body)
                #expect(error.code == ErrorCode.invalidPhoneNumber)
                #expect(error.details?["recipients.1.phone"] != nil)
            }
        }
    }

    @Test("templates are listed per account; an unknown account is 404")
    func templates() async throws {
        let (app, _) = try makeSandbox { $0.accounts = ["a1": .tier2] }
        try await app.test(.router) { client throws in
            try await client.execute(uri: "/api/v1/templates?whatsapp_account_id=a1&status=APPROVED", method: .get, headers: auth)
            { response throws in
                let templates = try decode(Envelope<[Template]>.self, response.body).data
                #expect(templates.contains { $0.name == "order_confirmation" && $0.language == "ar" && $0.paramsCount == 3 })
            }
            try await client.execute(uri: "/api/v1/templates?whatsapp_account_id=zz", method: .get, headers: auth) {
                response throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("started as a newer API version, a create answers 202 preparing with requested_count")
    func acceptAsync() async throws {
        let (app, _) = try makeSandbox { $0.acceptAsync = true }
        try await app.test(.router) { client throws in
            try await client.execute(uri: "/api/v1/campaigns", method: .post, headers: auth, body: try createBody(recipients: 4))
            { response throws in
                #expect(response.status == .accepted)
                let campaign = try decode(Envelope<Campaign>.self, response.body).data
                #expect(campaign.status == .preparing)
                #expect(campaign.totalCount == 0)
                #expect(campaign.requestedCount == 4)
            }
        }
    }

    @Test("absurd clock moves and page numbers are 422s, not traps")
    func absurdNumbers() async throws {
        let (app, _) = try makeSandbox()
        try await app.test(.router) { client throws in
            for body in [#"{"advance": 1e300}"#, #"{"advance": 1e19}"#] {
                try await client.execute(uri: "/_sandbox/clock", method: .post, headers: auth, body: ByteBuffer(string: body)) {
                    response throws in
                    #expect(response.status == .unprocessableContent, "\(body)")
                }
            }
            let campaign = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: auth, body: try createBody()
            ) { response throws in
                try decode(Envelope<Campaign>.self, response.body).data
            }
            for query in ["page=9223372036854775807", "per_page=9223372036854775807", "page=99999999999999999999"] {
                try await client.execute(
                    uri: "/api/v1/campaigns/\(campaign.campaignId)/recipients?\(query)", method: .get, headers: auth
                ) { response throws in
                    #expect(response.status == .unprocessableContent, "\(query)")
                }
            }
        }
    }

    @Test("recipient outcomes are the same for the same campaign and phone")
    func deterministicOutcomes() {
        let first = (0..<1000).map { FailureReasons.outcome(campaignId: "01C", phone: "9665\($0)", failureRate: 0.3) }
        let second = (0..<1000).map { FailureReasons.outcome(campaignId: "01C", phone: "9665\($0)", failureRate: 0.3) }
        #expect(first == second)
        let failed = first.compactMap { $0 }.count
        #expect((200...400).contains(failed), "about 30% fail: \(failed)")
    }
}
