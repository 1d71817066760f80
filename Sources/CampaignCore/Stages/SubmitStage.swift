import CubeAPI
import Foundation
import Logging

/// Creates one campaign per planned unit, never twice: the journal records the
/// intent (fsync'd) before each POST and the outcome after; a rerun skips what
/// was created and resends what is unknown only with the same idempotency key.
public struct SubmitStage {
    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let client: CubeClient
    public let logger: Logger
    public var output: @Sendable (String) -> Void

    public init(pipeline: Pipeline, directory: RunDirectory, client: CubeClient, logger: Logger,
                output: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.pipeline = pipeline
        self.directory = directory
        self.client = client
        self.logger = logger
        self.output = output
    }

    // MARK: Plan

    /// Makes the plan, or checks that the one on disk still matches the recipients.
    public func plan() throws -> BatchPlan {
        let plan = try BatchPlan.make(pipeline: self.pipeline, run: self.directory)
        if self.directory.exists(self.directory.plan) {
            let existing = try ArtifactJSON.read(BatchPlan.self, from: self.directory.plan)
            let journal = try Journal(path: self.directory.journal)
            if existing != plan && !journal.entries.isEmpty {
                throw CampaignError(.dataError, "recipients.ndjson or the pipeline changed after this run started submitting",
                                    hint: "finish this run as planned, or start a new run directory for the new data")
            }
        }
        try ArtifactJSON.write(plan, to: self.directory.plan)
        return plan
    }

    public func describe(_ plan: BatchPlan) -> String {
        var lines = ["plan for run \(plan.runId): \(plan.recipients) recipients in \(plan.batches.count) batch(es), template \(plan.template) [\(plan.language)], account \(plan.account)"]
        for batch in plan.batches {
            lines.append("  part \(batch.index)/\(plan.batches.count): \(batch.count) recipients, \(batch.scheduledAt.map { "at \($0) \(plan.timezone)" } ?? "now"), key \(batch.idempotencyKey)")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Preflight

    /// Checks the template before anything is created: it exists, in the
    /// language, with a parameter count the mapping fills; and the schedule is ahead.
    public func preflight() async throws {
        let templates: [Template]
        do {
            templates = try await self.client.templates(account: self.pipeline.account)
        } catch {
            throw Self.translate(error, doing: "checking the templates of account \(self.pipeline.account)")
        }
        let spec = self.pipeline.template
        let named = templates.filter { $0.name == spec.name }
        guard !named.isEmpty else {
            throw CampaignError(.config, "the template '\(spec.name)' is not approved for account \(self.pipeline.account)",
                                hint: "approved templates: \(Set(templates.map(\.name)).sorted().joined(separator: ", ")); fix template.name in \(self.pipeline.path)")
        }
        guard let template = named.first(where: { $0.language == spec.language }) else {
            throw CampaignError(.config, "the template '\(spec.name)' has no '\(spec.language)' version",
                                hint: "available languages: \(named.map(\.language).sorted().joined(separator: ", ")); fix template.language")
        }
        let provided = spec.params.isEmpty ? self.pipeline.mapping.variables.count : spec.params.count
        guard provided == template.paramsCount else {
            throw CampaignError(.config, "the template '\(spec.name)' [\(spec.language)] needs \(template.paramsCount) variables but the pipeline fills \(provided)",
                                hint: "make mapping.variables name {{1}} to {{\(template.paramsCount)}} in \(self.pipeline.path)")
        }
        if let at = self.pipeline.schedule.at {
            let zone = TimeZone(identifier: self.pipeline.schedule.timezone) ?? .current
            guard let date = Timestamp.parse(at, zone: zone), date > Date() else {
                throw CampaignError(.config, "schedule.at \(at) (\(self.pipeline.schedule.timezone)) is not in the future",
                                    hint: "set a future schedule.at, or remove it to send now")
            }
        }
    }

    // MARK: Submit

    public struct Outcome: Sendable {
        public var created: Int
        public var units: Int
    }

    public func submit(plan: BatchPlan) async throws -> Outcome {
        guard plan.recipients > 0 else {
            throw CampaignError(.dataError, "there is nothing valid to send: recipients.ndjson is empty",
                                hint: "see \(self.directory.rejects) for why every record was rejected")
        }
        let journal = try Journal(path: self.directory.journal)
        var handled = Set<String>()
        var prefetch: (id: String, task: Task<[WireRecipient], any Error>)?
        defer { prefetch?.task.cancel() }
        while true {
            let state = JournalState(plan: plan, entries: journal.entries)
            let pending = state.units.filter { !handled.contains($0.id) && Self.needsSending($0.status) }
            guard let unit = pending.first else {
                let created = state.createdCampaigns.count
                try self.record(state: state)
                return Outcome(created: created, units: state.units.count)
            }
            handled.insert(unit.id)
            if case .unknown(let message) = unit.status, !self.pipeline.trustIdempotencyKeys {
                throw CampaignError(.tryLater, "part \(unit.id) may or may not have been created (\(message)), and this endpoint is not trusted to honour idempotency keys",
                                    hint: "look for '\(self.name(for: unit, plan: plan))' in the dashboard, then run campaign-submit --pipeline \(self.pipeline.path) --run \(self.directory.path) --resolve \(unit.id)=created:<campaign_id> (or \(unit.id)=resend if it is not there)")
            }
            if case .attempted = unit.status, !self.pipeline.trustIdempotencyKeys {
                throw CampaignError(.tryLater, "part \(unit.id) was being sent when the last run stopped; its outcome is unknown",
                                    hint: "check the dashboard for '\(self.name(for: unit, plan: plan))', then --resolve \(unit.id)=created:<campaign_id> or \(unit.id)=resend")
            }
            // Read the next unit's recipients while this one's create is in flight.
            let recipients: [WireRecipient]
            if let ready = prefetch, ready.id == unit.id {
                recipients = try await ready.task.value
            } else {
                recipients = try Self.recipients(for: unit, plan: plan, directory: self.directory)
            }
            prefetch = nil
            if pending.count > 1 {
                let next = pending[1]
                let directory = self.directory
                prefetch = (next.id, Task.detached { try Self.recipients(for: next, plan: plan, directory: directory) })
            }
            try await self.send(unit, recipients: recipients, plan: plan, journal: journal)
        }
    }

    static func recipients(for unit: JournalState.Unit, plan: BatchPlan, directory: RunDirectory) throws -> [WireRecipient] {
        guard let batch = plan.batches.first(where: { $0.index == unit.batch }) else { return [] }
        return try RecipientBatchReader.read(run: directory, batch: batch, offset: unit.offset, count: unit.count)
    }

    static func needsSending(_ status: JournalState.Status) -> Bool {
        switch status {
        case .planned, .attempted, .unknown, .resend, .rejected: true
        case .created, .split, .cancelled: false
        }
    }

    func name(for unit: JournalState.Unit, plan: BatchPlan) -> String {
        BatchPlan.campaignName(pipeline: self.pipeline.name, runId: plan.runId, part: unit.id, of: plan.batches.count)
    }

    func key(for unit: JournalState.Unit, batch: BatchPlan.Batch, plan: BatchPlan) -> String {
        if unit.id == String(batch.index) { return batch.idempotencyKey }
        return BatchPlan.idempotencyKey(pipeline: self.pipeline.name, runId: plan.runId, unit: unit.id, digest: batch.digest,
                                        offset: unit.offset, count: unit.count, scheduledAt: unit.scheduledAt)
    }

    private func send(_ unit: JournalState.Unit, recipients: [WireRecipient], plan: BatchPlan, journal: Journal) async throws {
        guard let batch = plan.batches.first(where: { $0.index == unit.batch }) else { return }
        let key = self.key(for: unit, batch: batch, plan: plan)
        let request = CreateCampaignRequest(
            whatsappAccountId: self.pipeline.account, templateName: self.pipeline.template.name,
            templateLanguage: self.pipeline.template.language,
            templateParams: self.pipeline.template.params.isEmpty ? nil : self.pipeline.template.params,
            recipients: recipients, campaignName: self.name(for: unit, plan: plan), scheduledAt: unit.scheduledAt,
            timezone: unit.scheduledAt == nil ? nil : self.pipeline.schedule.timezone)
        try journal.append(JournalEntry(event: .intent, unit: unit.id, key: key, offset: unit.offset, count: unit.count,
                                        scheduledAt: unit.scheduledAt))
        do {
            let campaign = try await self.client.createCampaign(request, idempotencyKey: key,
                                                                keyTrusted: self.pipeline.trustIdempotencyKeys)
            try journal.append(JournalEntry(event: .created, unit: unit.id, key: key, campaignId: campaign.campaignId))
            self.output("part \(unit.id): created campaign \(campaign.campaignId) for \(unit.count) recipients\(unit.scheduledAt.map { ", scheduled \($0) \(self.pipeline.schedule.timezone)" } ?? "")")
        } catch let error as APIError where error.code == ErrorCode.messagingTierLimitExceeded {
            let remaining = error.details?["remaining"]?.intValue ?? 0
            let limit = error.details?["daily_limit"]?.intValue ?? 0
            guard let parts = TierSplit.parts(unit: unit, remaining: remaining, dailyLimit: limit,
                                              schedule: self.pipeline.schedule, now: Date()), parts.count > 1 || remaining < unit.count else {
                try journal.append(JournalEntry(event: .rejected, unit: unit.id, key: key, code: error.code, message: error.message))
                throw CampaignError(.tryLater, "the daily messaging limit refused part \(unit.id): \(error.message)",
                                    hint: "rerun tomorrow, or ask for a higher messaging tier")
            }
            try journal.append(JournalEntry(event: .deferred, unit: unit.id, key: key, code: error.code, message: error.message))
            try journal.append(JournalEntry(event: .split, unit: unit.id, parts: parts))
            self.output("part \(unit.id): daily limit (\(limit)/day, \(remaining) left) — split into \(parts.count) parts: "
                        + parts.map { "\($0.count) \($0.scheduledAt.map { "at \($0)" } ?? "now")" }.joined(separator: ", "))
        } catch let error as APIError {
            if error.status >= 500 {
                try journal.append(JournalEntry(event: .unknown, unit: unit.id, key: key, code: error.code, message: error.message))
            } else {
                try journal.append(JournalEntry(event: .rejected, unit: unit.id, key: key, code: error.code, message: error.message))
            }
            throw Self.translate(error, doing: "creating part \(unit.id)")
        } catch let error as TransportError {
            if error.mayHaveBeenSent {
                try journal.append(JournalEntry(event: .unknown, unit: unit.id, key: key, code: "NO_ANSWER", message: error.message))
                throw CampaignError(.tryLater, "no answer while creating part \(unit.id): \(error.message)",
                                    hint: self.pipeline.trustIdempotencyKeys
                                        ? "run campaign-submit again: it resends with the same idempotency key, so nothing is sent twice"
                                        : "check the dashboard, then use --resolve \(unit.id)=created:<campaign_id> or \(unit.id)=resend")
            }
            try journal.append(JournalEntry(event: .rejected, unit: unit.id, key: key, code: "NOT_CONNECTED", message: error.message))
            throw CampaignError(.unavailable, "cannot reach the Campaigns API at \(self.client.configuration.baseURL): \(error.message)",
                                hint: "check CUBE_BASE_URL and the network; nothing was sent for part \(unit.id)")
        }
    }

    private func record(state: JournalState) throws {
        var manifest = try RunManifest.load(self.directory)
        let created = state.createdCampaigns
        manifest.stages.submit = RunManifest.SubmitCounts(
            batches: state.units.count, created: created.count,
            recipients: created.reduce(0) { $0 + $1.unit.count },
            scheduled: created.filter { $0.unit.scheduledAt != nil }.count)
        try manifest.save(self.directory)
    }

    // MARK: Resolve and cancel

    /// Settles an unknown outcome by an operator's word: `3=created:01J…` or `3=resend`.
    public func resolve(_ spec: String, plan: BatchPlan) throws {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CampaignError(.usage, "--resolve \(spec): expected UNIT=created:<campaign_id> or UNIT=resend") }
        let journal = try Journal(path: self.directory.journal)
        let state = JournalState(plan: plan, entries: journal.entries)
        guard state.units.contains(where: { $0.id == parts[0] }) else {
            throw CampaignError(.usage, "--resolve: there is no part \(parts[0]) in this run",
                                hint: "parts: \(state.units.map(\.id).joined(separator: ", "))")
        }
        if parts[1] == "resend" {
            try journal.append(JournalEntry(event: .resolved, unit: parts[0], message: "operator: resend"))
        } else if parts[1].hasPrefix("created:"), parts[1].count > 8 {
            try journal.append(JournalEntry(event: .resolved, unit: parts[0], campaignId: String(parts[1].dropFirst(8)),
                                            message: "operator: created"))
        } else {
            throw CampaignError(.usage, "--resolve \(spec): expected UNIT=created:<campaign_id> or UNIT=resend")
        }
    }

    /// Cancels every still-pending campaign of the run; started ones are reported, not touched.
    public func cancel(plan: BatchPlan) async throws -> (cancelled: Int, untouched: Int) {
        let journal = try Journal(path: self.directory.journal)
        let state = JournalState(plan: plan, entries: journal.entries)
        var cancelled = 0
        var untouched = 0
        for (unit, id) in state.createdCampaigns {
            if case .cancelled = unit.status { continue }
            let campaign: Campaign
            do {
                campaign = try await self.client.campaign(id: id)
            } catch {
                throw Self.translate(error, doing: "reading campaign \(id)")
            }
            guard campaign.status == .pending || campaign.status == .scheduled || campaign.status == .preparing else {
                untouched += 1
                self.output("part \(unit.id): campaign \(id) is \(campaign.status); not cancelled")
                continue
            }
            do {
                _ = try await self.client.cancel(campaignId: id)
                try journal.append(JournalEntry(event: .cancelled, unit: unit.id, campaignId: id))
                cancelled += 1
                self.output("part \(unit.id): campaign \(id) cancelled")
            } catch let error as APIError where error.status == 422 || error.status == 409 {
                try journal.append(JournalEntry(event: .cancelFailed, unit: unit.id, campaignId: id, code: error.code, message: error.message))
                untouched += 1
                self.output("part \(unit.id): campaign \(id) could not be cancelled: \(error.message)")
            } catch {
                throw Self.translate(error, doing: "cancelling campaign \(id)")
            }
        }
        return (cancelled, untouched)
    }

    // MARK: Errors in words

    /// API failures in words a marketer understands, with the exit code a scheduler needs.
    public static func translate(_ error: any Error, doing what: String) -> CampaignError {
        switch error {
        case let error as CampaignError:
            return error
        case let error as APIError:
            switch error.status {
            case 401:
                return CampaignError(.notPermitted, "the API key was refused while \(what) (\(error.code))",
                                     hint: "check CUBE_API_KEY (or CUBE_API_KEY_FILE) for \(error.code == ErrorCode.authenticationRequired ? "a missing" : "a wrong or expired") key")
            case 403:
                return CampaignError(.notPermitted, "this API key may not do this (\(what)): \(error.message)",
                                     hint: "use a key of the account that owns the WhatsApp number")
            case 404:
                return CampaignError(.config, "not found while \(what): \(error.message)",
                                     hint: "check account and template.name in the pipeline file")
            case 422:
                var details = ""
                if case .object(let fields)? = error.details {
                    details = " — " + fields.keys.sorted().prefix(3).map { key in
                        let text: String
                        if case .array(let list)? = fields[key], case .string(let first)? = list.first { text = first } else { text = "invalid" }
                        return "\(key): \(text)"
                    }.joined(separator: "; ")
                }
                return CampaignError(.config, "the API refused the request while \(what): \(error.message)\(details)",
                                     hint: "fix the pipeline (template, language, variables or schedule) and run again")
            case 429:
                return CampaignError(.tryLater, "rate limited while \(what): \(error.message)", hint: "run again later; nothing was sent twice")
            default:
                return CampaignError(.unavailable, "the API failed while \(what): \(error)", hint: "try again later")
            }
        case let error as TransportError:
            return CampaignError(.unavailable, "cannot reach the Campaigns API while \(what): \(error.message)",
                                 hint: "check CUBE_BASE_URL and the network")
        case let error as ConfigurationError:
            return CampaignError(.config, error.message)
        default:
            return CampaignError(.unavailable, "\(what) failed: \(error)")
        }
    }
}
