import CubeAPI
import Foundation
import HTTPTypes

/// Campaigns, tier counters and idempotency keys in memory; with a state path,
/// every change is also written to disk atomically so a restart loses nothing.
actor InMemorySandboxStore: SandboxStore {
    private struct Snapshot: Codable {
        var campaigns: [StoredCampaign]
        var usage: [String: [String: Int]]
        var keys: [String: String]
        var clockOffset: TimeInterval
    }

    private let options: SandboxOptions
    private let clock: VirtualClock
    private var campaigns: [String: StoredCampaign] = [:]
    private var indexes: [String: CampaignIndex] = [:]
    private var order: [String] = []
    /// account → UTC day → recipients counted against the tier.
    private var usage: [String: [String: Int]] = [:]
    /// idempotency key → campaign id.
    private var keys: [String: String] = [:]

    init(options: SandboxOptions, clock: VirtualClock) throws {
        self.options = options
        self.clock = clock
        if let path = options.statePath, FileManager.default.fileExists(atPath: path) {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
            for campaign in snapshot.campaigns {
                self.campaigns[campaign.id] = campaign
                self.indexes[campaign.id] = CampaignIndex(campaign)
                self.order.append(campaign.id)
            }
            self.usage = snapshot.usage
            self.keys = snapshot.keys
            clock.advance(by: snapshot.clockOffset - clock.currentOffset)
        }
    }

    private func persist() {
        guard let path = self.options.statePath else { return }
        let snapshot = Snapshot(
            campaigns: self.order.compactMap { self.campaigns[$0] }, usage: self.usage,
            keys: self.keys, clockOffset: self.clock.currentOffset)
        do {
            let data = try JSONEncoder().encode(snapshot)
            let temp = path + ".tmp"
            try data.write(to: URL(fileURLWithPath: temp))
            // The state holds every recipient's phone: the owner's only.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temp)
            _ = rename(temp, path)
        } catch {
            FileHandle.standardError.write(Data("cube-sandbox: cannot write state \(path): \(error)\n".utf8))
        }
    }

    static func dayKey(_ date: Date) -> String {
        String(Timestamp.utc(date).prefix(10))
    }

    func replay(idempotencyKey key: String, bodyDigest: String, now: Date) async throws -> Campaign? {
        guard let existing = self.keys[key], let campaign = self.campaigns[existing] else { return nil }
        guard campaign.requestDigest == bodyDigest else {
            throw SandboxError.validation(
                HeaderName.idempotencyKey.rawValue, "This Idempotency-Key was already used with a different request body.")
        }
        return self.view(campaign, now: now)
    }

    func create(_ request: CreateCampaignRequest, plan: ValidatedCreate, idempotencyKey: String?, now: Date) async throws
        -> CreateResult
    {
        if let key = idempotencyKey, let campaign = try await self.replay(idempotencyKey: key, bodyDigest: plan.digest, now: now)
        {
            return CreateResult(campaign: campaign, replayed: true)
        }
        let account = request.whatsappAccountId
        let tierDay = Self.dayKey(plan.scheduledAt ?? now)
        if let limit = self.options.accounts[account]?.dailyLimit {
            let used = self.usage[account]?[tierDay] ?? 0
            let remaining = max(0, limit - used)
            if request.recipients.count > remaining {
                throw SandboxError(
                    status: .tooManyRequests, code: ErrorCode.messagingTierLimitExceeded,
                    message:
                        "This campaign needs \(request.recipients.count) conversations but only \(remaining) of the daily \(limit) remain.",
                    details: .object([
                        "daily_limit": .number(Double(limit)), "used_today": .number(Double(used)),
                        "remaining": .number(Double(remaining)),
                        "requested": .number(Double(request.recipients.count)),
                    ]))
            }
        }
        let id = ULID.random(milliseconds: UInt64(now.timeIntervalSince1970 * 1000))
        let phones = request.recipients.map { $0.phone.hasPrefix("+") ? String($0.phone.dropFirst()) : $0.phone }
        let outcomes = phones.map { FailureReasons.outcome(campaignId: id, phone: $0, failureRate: self.options.failureRate) }
        let startAt = max(now.addingTimeInterval(self.options.startDelay), plan.scheduledAt ?? now)
        let campaign = StoredCampaign(
            id: id, name: request.campaignName, account: account, templateName: plan.template.name,
            language: plan.template.language, createdAt: now, scheduledAt: plan.scheduledAt, startAt: startAt,
            sendRate: self.options.sendRate, phones: phones, names: request.recipients.map(\.name), outcomes: outcomes,
            cancelledAt: nil, idempotencyKey: idempotencyKey, requestDigest: plan.digest, tierDay: tierDay,
            requestedCount: request.recipients.count)
        self.campaigns[id] = campaign
        self.indexes[id] = CampaignIndex(campaign)
        self.order.append(id)
        if let key = idempotencyKey { self.keys[key] = id }
        self.usage[account, default: [:]][tierDay, default: 0] += phones.count
        self.persist()
        return CreateResult(campaign: self.view(campaign, now: now), replayed: false)
    }

    private func stored(_ id: String) throws -> StoredCampaign {
        guard let campaign = self.campaigns[id] else { throw SandboxError.notFound() }
        return campaign
    }

    private func view(_ campaign: StoredCampaign, now: Date) -> Campaign {
        let life = CampaignLife(campaign, at: now)
        let index = self.indexes[campaign.id]
        let failed = index.map { CampaignIndex.countBelow($0.failedPositions, life.processed) } ?? 0
        return Campaign(
            campaignId: campaign.id, name: campaign.name, status: life.status, totalCount: campaign.total,
            sentCount: life.processed - failed, failedCount: failed,
            scheduledAt: campaign.scheduledAt.map(Timestamp.utc), createdAt: Timestamp.utc(campaign.createdAt),
            requestedCount: campaign.requestedCount)
    }

    func campaign(id: String, now: Date) async throws -> Campaign {
        self.view(try self.stored(id), now: now)
    }

    func recipients(id: String, page: Int, perPage: Int, status: RecipientStatus?, now: Date) async throws -> RecipientPage {
        let campaign = try self.stored(id)
        let life = CampaignLife(campaign, at: now)
        let index = self.indexes[id] ?? CampaignIndex(campaign)
        // The positions matching the filter, as a count and a way to pick the n-th one.
        let count: Int
        let position: (Int) -> Int
        switch status {
        case .sent?:
            count = CampaignIndex.countBelow(index.sentPositions, life.processed)
            position = { index.sentPositions[$0] }
        case .failed?:
            count = CampaignIndex.countBelow(index.failedPositions, life.processed)
            position = { index.failedPositions[$0] }
        case .pending?:
            count = campaign.total - life.processed
            position = { life.processed + $0 }
        default:
            count = campaign.total
            position = { $0 }
        }
        let lastPage = max(1, (count + perPage - 1) / perPage)
        let start = (page - 1) * perPage
        var rows: [RecipientResult] = []
        if start < count {
            rows.reserveCapacity(min(perPage, count - start))
            for n in start..<min(count, start + perPage) {
                rows.append(self.recipient(campaign, at: position(n), processed: life.processed))
            }
        }
        return RecipientPage(
            campaignId: id, recipients: rows,
            pagination: Pagination(currentPage: page, perPage: perPage, total: count, lastPage: lastPage))
    }

    private func recipient(_ campaign: StoredCampaign, at index: Int, processed: Int) -> RecipientResult {
        let phone = campaign.phones[index]
        let name = campaign.names[index]
        guard index < processed else {
            return RecipientResult(phone: phone, name: name, status: .pending, messageLogId: nil, errorMessage: nil, sentAt: nil)
        }
        if let reason = campaign.outcomes[index] {
            return RecipientResult(
                phone: phone, name: name, status: .failed, messageLogId: nil,
                errorMessage: FailureReasons.all[Int(reason)], sentAt: nil)
        }
        let at = CampaignLife.processedAt(campaign, index: index)
        var seed: UInt64 = 1469598103934665603
        for byte in (campaign.id + phone).utf8 { seed = (seed ^ UInt64(byte)) &* 1099511628211 }
        let logId = ULID.make(
            milliseconds: UInt64(at.timeIntervalSince1970 * 1000), random: (seed, UInt16(truncatingIfNeeded: index)))
        return RecipientResult(
            phone: phone, name: name, status: .sent, messageLogId: logId, errorMessage: nil,
            sentAt: Timestamp.utc(at))
    }

    func cancel(id: String, now: Date) async throws {
        var campaign = try self.stored(id)
        let life = CampaignLife(campaign, at: now)
        guard life.status == .pending else {
            throw SandboxError(
                status: .unprocessableContent, code: ErrorCode.validationError,
                message: "Only pending campaigns can be cancelled; this one is \(life.status).",
                details: .object(["status": .array([.string("The campaign is \(life.status).")])]))
        }
        campaign.cancelledAt = now
        // A cancelled campaign gives its conversations back to the tier.
        if let day = campaign.tierDay {
            self.usage[campaign.account]?[day, default: 0] -= campaign.total
        }
        self.campaigns[id] = campaign
        self.persist()
    }

    func summaries(now: Date) async -> [SandboxCampaignSummary] {
        self.order.compactMap { self.campaigns[$0] }.map { campaign in
            let view = self.view(campaign, now: now)
            return SandboxCampaignSummary(
                campaignId: campaign.id, name: campaign.name, account: campaign.account,
                templateName: campaign.templateName, templateLanguage: campaign.language,
                idempotencyKey: campaign.idempotencyKey, recipientCount: campaign.total, status: view.status,
                sentCount: view.sentCount, failedCount: view.failedCount, scheduledAt: view.scheduledAt,
                startsAt: Timestamp.utc(campaign.startAt), createdAt: view.createdAt)
        }
    }

    func reset() async {
        self.campaigns = [:]
        self.indexes = [:]
        self.order = []
        self.usage = [:]
        self.keys = [:]
        self.persist()
    }

    func dueEvents(now: Date) async -> [WebhookEvent] {
        var events: [WebhookEvent] = []
        for id in self.order {
            guard var campaign = self.campaigns[id] else { continue }
            let view = self.view(campaign, now: now)
            var due: [String] = ["campaign.created"]
            if view.status == .processing || view.status == .completed { due.append("campaign.started") }
            if view.status == .completed { due.append("campaign.completed") }
            var changed = false
            for event in due where !campaign.webhooksSent.contains(event) {
                campaign.webhooksSent.insert(event)
                changed = true
                events.append(
                    WebhookEvent(
                        event: event, tenantId: campaign.account, timestamp: Timestamp.utc(now),
                        campaignId: id, status: view.status, totalCount: view.totalCount,
                        sentCount: view.sentCount, failedCount: view.failedCount))
            }
            if changed { self.campaigns[id] = campaign }
        }
        return events
    }
}
