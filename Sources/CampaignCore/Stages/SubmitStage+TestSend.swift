import ArtifactText
import CubeAPI
import Foundation
import RunArtifacts
import Sysexits

extension SubmitStage {
    /// What a test send did.
    public struct TestSend: Sendable {
        /// False when this run's test was already sent and nothing new was asked.
        public var created: Bool
        public var campaignId: String
        public var number: Int
        public var phones: [String]
        /// The languages it was sent in: one test campaign each (`language:`).
        public var languages: [String] = []
    }

    /// `test-sends.ndjson`: the run's test campaigns, journaled like parts (intent before the
    /// request, created after) but apart from the plan's journal, so a test is never a part,
    /// never in the report's records, and never in the contact history.
    public var testJournal: String { self.directory.file(.testSends) }

    /// `--test-to`: one campaign, named `… · test`, to these numbers only, each with the variables
    /// of one of the run's first recipients so the message reads as a real one; with `language:`, one
    /// such campaign per language the run sends in, to the same numbers. Once per run: a rerun
    /// creates nothing (an unanswered try is retried with its key); `again` sends another.
    public func testSend(to numbers: [String], again: Bool) async throws -> TestSend {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        let phones = try self.testPhones(numbers)
        let plan = try self.plan()
        try await self.preflight(languages: plan.languages)
        let journal = try Journal(path: self.testJournal)
        let languages = plan.languages
        let events = journal.events
        let createdParts = Set(events.filter { $0.kind == .created }.map(\.part))
        let latest = events.compactMap { Self.testNumber($0.part) }.max()
        // The latest test, whole (every language created): sent already, unless another is asked for.
        if let latest, Self.testParts(latest, languages: languages).allSatisfy(createdParts.contains), !again {
            let last = events.last { $0.kind == .created }
            self.output(
                "a test of this run was sent already (\(last?.part ?? "test-\(latest)"), campaign \(last?.campaignId ?? "?")); nothing new was sent — --test-again sends another"
            )
            return TestSend(
                created: false, campaignId: last?.campaignId ?? "", number: latest, phones: phones, languages: languages)
        }
        // An intent with no outcome is retried under its own part and key; else the next test.
        let open = Dictionary(
            events.filter { $0.kind == .intent && !createdParts.contains($0.part) }.map { ($0.part, $0) },
            uniquingKeysWith: { _, last in last })
        let unfinished = latest.flatMap { number in
            Self.testParts(number, languages: languages).allSatisfy(createdParts.contains) ? nil : number
        }
        // Without a trusted key, a try that got no answer may have sent: a person decides, not a blind retry.
        if let unfinished, !self.pipeline.trustIdempotencyKeys, !again,
            let part = Self.testParts(unfinished, languages: languages).first(where: { open[$0] != nil })
        {
            throw CampaignError(
                .tryLater, "the last test send (\(part)) got no answer and this API's keys are not trusted",
                hint: "check the dashboard for a campaign named … · test; if none is there, run with --test-again")
        }
        // A new test takes the next number never used: a number (and its name and key) is one test's alone.
        let continuing = unfinished.flatMap { self.pipeline.trustIdempotencyKeys || !again ? $0 : nil }
        let number = continuing ?? (latest ?? 0) + 1
        var campaignIds: [String] = []
        for (language, part) in zip(languages, Self.testParts(number, languages: languages)) {
            if let done = events.last(where: { $0.kind == .created && $0.part == part }) {
                campaignIds.append(done.campaignId ?? "")
                continue
            }
            let retrying = continuing == nil ? nil : open[part]
            let key =
                retrying?.key ?? "cc2-test-"
                + String(
                    Hashing.sha256Hex(Data(([plan.runId, plan.plannedAt, part] + phones).joined(separator: "\n").utf8))
                        .prefix(40))
            let request = try self.testRequest(
                plan: plan, number: number, phones: phones, language: language, named: languages.count > 1)
            campaignIds.append(
                try await self.createTest(request, part: part, key: key, journal: journal, retrying: retrying != nil))
        }
        return TestSend(
            created: true, campaignId: campaignIds.last ?? "", number: number, phones: phones, languages: languages)
    }

    /// One test campaign: intent (unless it is a retry of one), create, created, as parts are journaled.
    private func createTest(
        _ request: CreateCampaignRequest, part: String, key: String, journal: Journal, retrying: Bool
    ) async throws -> String {
        if !retrying {
            try journal.append(.intent(part: part, key: key, offset: nil, count: request.recipients.count, scheduledAt: nil))
        }
        let campaign: Campaign
        do {
            campaign = try await self.client.createCampaign(
                request, idempotencyKey: key, keyTrusted: self.pipeline.trustIdempotencyKeys)
        } catch {
            throw CampaignError.from(
                error,
                doing: self.pipeline.trustIdempotencyKeys
                    ? "creating the test campaign (run the same command again: it resends with the same key)"
                    : "creating the test campaign (check the dashboard before trying again: this API's keys are not trusted)")
        }
        try journal.append(.created(part: part, key: key, campaignId: campaign.campaignId))
        let phones = request.recipients.map(\.phone).joined(separator: ", ")
        self.output(
            "test campaign \(campaign.campaignId) (\(request.campaignName ?? "")) created for \(phones); no part of the run was sent"
        )
        return campaign.campaignId
    }

    /// A test's parts in the journal: `test-N`, or one per language the run sends in (`test-N.en_US`).
    static func testParts(_ number: Int, languages: [String]) -> [String] {
        languages.count > 1 ? languages.map { "test-\(number).\($0)" } : ["test-\(number)"]
    }

    /// The test a part of `test-sends.ndjson` belongs to.
    static func testNumber(_ part: String) -> Int? {
        guard part.hasPrefix("test-") else { return nil }
        return Int(part.dropFirst(5).prefix { $0.isNumber })
    }

    /// The test numbers in E.164; a number that is not one is a usage error naming it.
    private func testPhones(_ numbers: [String]) throws -> [String] {
        let normalizer = PhoneNormalizer(region: self.pipeline.region, requireValid: self.pipeline.accept == .valid)
        let phones = try numbers.map { raw -> String in
            guard case .ok(let e164) = normalizer.normalize(raw) else {
                throw CampaignError(
                    .usage,
                    "test number '\(raw)' is not a \(self.pipeline.accept == .valid ? "valid" : "possible") phone number (region \(self.pipeline.region))",
                    hint: "write it as +CC… or as a number of region \(self.pipeline.region)")
            }
            return e164
        }
        guard !phones.isEmpty else {
            throw CampaignError(.usage, "no test numbers", hint: "--test-to +9665…[,+9665…] or test_recipients: in the pipeline")
        }
        return phones
    }

    /// Test `number`'s create in `language`: named `… · test N` (`… · test N en_US` when `named`), the
    /// plan's template, each number given the variables of one of that language's first recipients so
    /// the message reads as a real one.
    private func testRequest(plan: BatchPlan, number: Int, phones: [String], language: String, named: Bool) throws
        -> CreateCampaignRequest
    {
        guard let batch = plan.batches.first(where: { ($0.language ?? plan.language) == language }) else {
            throw CampaignError(
                .dataError, "there is nothing valid to send: \(RunFile.recipients) is empty",
                hint: "see \(self.directory.rejects)")
        }
        let models = try RecipientBatchReader.read(
            run: self.directory, plan: plan, batch: batch, offset: 0, count: min(batch.count, phones.count))
        let recipients = phones.enumerated().map { index, phone in
            let model = models[index % models.count]
            return WireRecipient(phone: phone, name: model.name, variables: model.variables)
        }
        let name = String(
            BatchPlan.campaignName(pipeline: plan.pipeline, runId: plan.runId, part: "1", of: 1)
                .replacingOccurrences(
                    of: " · part 1/1", with: " · test" + (number > 1 ? " \(number)" : "") + (named ? " \(language)" : "")
                ).prefix(BatchPlan.maxNameLength))
        return CreateCampaignRequest(
            whatsappAccountId: plan.account, templateName: plan.template, templateLanguage: language,
            templateParams: plan.params.isEmpty ? nil : plan.params, recipients: recipients, campaignName: name,
            scheduledAt: nil, timezone: nil)
    }
}
