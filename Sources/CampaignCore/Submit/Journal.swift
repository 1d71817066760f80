import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts

/// One line of `journal.ndjson`.
public struct JournalEntry: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable {
        /// The plan the journal belongs to (its digest and the moment it was made
        /// for), written once before the first intent, so a lost plan.json can be
        /// rebuilt and checked.
        case planned
        /// A unit not yet sent whose start fell outside the send window or into the
        /// past gets a new start (and so a new key) before it is sent.
        case rescheduled
        /// About to POST; written and fsync'd before the request leaves.
        case intent
        case created
        /// The API refused it (4xx other than a tier limit); nothing was created.
        case rejected
        /// Refused for the tier limit; replaced by the parts of a `split`.
        case deferred
        /// The unit was cut into parts sent on different days.
        case split
        /// No answer after the request may have gone out.
        case unknown
        /// An operator settled an unknown outcome (`--resolve`).
        case resolved
        case cancelled
        case cancelFailed = "cancel_failed"
    }

    public struct Part: Codable, Sendable, Equatable {
        public var unit: String
        public var offset: Int
        public var count: Int
        public var scheduledAt: String?

        enum CodingKeys: String, CodingKey {
            case unit, offset, count
            case scheduledAt = "scheduled_at"
        }
    }

    public var event: Event
    public var unit: String
    public var key: String?
    public var campaignId: String?
    public var code: String?
    public var message: String?
    public var parts: [Part]?
    /// For intents: where in the batch and how many, and when.
    public var offset: Int?
    public var count: Int?
    public var scheduledAt: String?
    /// For `planned`: the plan's SHA-256 and `planned_at`.
    public var planDigest: String?
    public var plannedAt: String?

    enum CodingKeys: String, CodingKey {
        case event, unit, key, code, message, parts, offset, count
        case campaignId = "campaign_id"
        case scheduledAt = "scheduled_at"
        case planDigest = "plan_digest"
        case plannedAt = "planned_at"
    }

    public init(
        event: Event, unit: String, key: String? = nil, campaignId: String? = nil, code: String? = nil,
        message: String? = nil, parts: [Part]? = nil, offset: Int? = nil, count: Int? = nil, scheduledAt: String? = nil,
        planDigest: String? = nil, plannedAt: String? = nil
    ) {
        self.event = event
        self.unit = unit
        self.key = key
        self.campaignId = campaignId
        self.code = code
        self.message = message
        self.parts = parts
        self.offset = offset
        self.count = count
        self.scheduledAt = scheduledAt
        self.planDigest = planDigest
        self.plannedAt = plannedAt
    }
}

/// The append-only submit log. Every line is fsync'd before `append` returns,
/// so after a crash the journal says at least everything that was attempted;
/// a torn last line is cut away before the next append (`AppendLog`).
public final class Journal {
    public let path: String
    public private(set) var entries: [JournalEntry]
    private let log: AppendLog

    public init(path: String) throws {
        self.path = path
        self.log = try AppendLog(path: path, what: "journal")
        self.entries = try self.log.decode(JournalEntry.self)
    }

    public func append(_ entry: JournalEntry) throws {
        try self.log.append(Array(try JSONEncoder.api.encode(entry)))
        self.entries.append(entry)
    }

    /// The `planned` line, if the journal has one.
    public var planned: JournalEntry? { self.entries.first { $0.event == .planned } }
}

/// What the journal says about each unit (a batch, or a part of a split batch).
public struct JournalState: Sendable {
    public enum Status: Equatable, Sendable {
        case planned
        case attempted
        case created(String)
        case rejected(code: String, message: String)
        case unknown(String)
        case split
        case cancelled(String)
        case resend
    }

    public struct Unit: Sendable, Equatable {
        public var id: String
        public var batch: Int
        public var offset: Int
        public var count: Int
        public var scheduledAt: String?
        public var status: Status
        /// The idempotency key the plan gives this unit as it stands now.
        public var key: String
        /// An earlier create of this unit got no answer (or no outcome line), so a campaign may
        /// exist for it: a later refusal of a retry proves nothing about that one. Only an
        /// operator's `--resolve N=resend` clears it.
        public var mayExist = false
    }

    /// Leaves in send order (parts replace the unit they split).
    public private(set) var units: [Unit]

    /// Replays the journal over the plan, checking every line against it: a line
    /// whose unit the plan does not have, or whose key, offset or count differ
    /// from the plan's unit, means the journal belongs to another plan (a deleted
    /// plan.json rebuilt with another batch size, an edited pipeline), and
    /// nothing may be sent or reported from it.
    public init(plan: BatchPlan, entries: [JournalEntry], journal: String = RunFile.journal.name) throws {
        func key(_ id: String, batch: Int, offset: Int, count: Int, scheduledAt: String?) -> String {
            plan.idempotencyKey(unit: id, batch: batch, offset: offset, count: count, scheduledAt: scheduledAt)
        }
        var units: [Unit] = plan.batches.map {
            Unit(
                id: String($0.index), batch: $0.index, offset: 0, count: $0.count, scheduledAt: $0.scheduledAt,
                status: .planned, key: $0.idempotencyKey)
        }
        func position(_ id: String) -> Int? { units.firstIndex { $0.id == id } }
        for (index, entry) in entries.enumerated() where entry.event != .planned {
            func mismatch(_ what: String) -> CampaignError {
                CampaignError(
                    .dataError, "\(journal) line \(index + 1): \(what); the journal was written for another plan of this run",
                    hint:
                        "the pipeline, the recipients or \(RunFile.plan) changed after submitting started. Put back the pipeline and "
                        + "\(RunFile.plan) the run was submitted with, or start a new run directory for the new data (its campaigns "
                        + "already created stand; see the dashboard before sending them again)")
            }
            guard let at = position(entry.unit) else { throw mismatch("part \(entry.unit) is not in \(RunFile.plan)") }
            let unit = units[at]
            if let journaled = entry.key, journaled != unit.key {
                throw mismatch("part \(unit.id) was sent with key \(journaled), but \(RunFile.plan) gives it \(unit.key)")
            }
            if entry.event == .intent, (entry.offset ?? unit.offset) != unit.offset || (entry.count ?? unit.count) != unit.count {
                throw mismatch(
                    "part \(unit.id) was sent as \(entry.count ?? unit.count) recipients from \(entry.offset ?? unit.offset), "
                        + "but \(RunFile.plan) has \(unit.count) from \(unit.offset)")
            }
            switch entry.event {
            case .planned:
                break
            case .intent:
                switch unit.status {
                case .attempted: units[at].mayExist = true  // the try before this one left no outcome
                case .planned, .resend, .rejected: units[at].status = .attempted
                default: break
                }
            case .created:
                units[at].status = .created(entry.campaignId ?? "")
            case .resolved:
                // An operator either names the campaign that exists, or asks for a resend.
                units[at].status = entry.campaignId.map { .created($0) } ?? .resend
                units[at].mayExist = false
            case .rejected:
                units[at].status = .rejected(code: entry.code ?? "", message: entry.message ?? "")
            case .unknown:
                units[at].status = .unknown(entry.message ?? "")
                units[at].mayExist = true
            case .cancelled:
                units[at].status = .cancelled(entry.campaignId ?? "")
            case .deferred, .cancelFailed:
                break
            case .rescheduled:
                guard Self.mayChangeRequest(unit) else {
                    throw mismatch("part \(unit.id) was rescheduled while its outcome was open")
                }
                units[at].scheduledAt = entry.scheduledAt
                units[at].key = key(
                    unit.id, batch: unit.batch, offset: unit.offset, count: unit.count, scheduledAt: entry.scheduledAt)
            case .split:
                let parts = (entry.parts ?? []).map {
                    Unit(
                        id: $0.unit, batch: unit.batch, offset: $0.offset, count: $0.count, scheduledAt: $0.scheduledAt,
                        status: .planned,
                        key: key(
                            $0.unit, batch: unit.batch, offset: $0.offset, count: $0.count,
                            scheduledAt: $0.scheduledAt))
                }
                guard parts.map(\.count).reduce(0, +) == unit.count, parts.first?.offset == unit.offset else {
                    throw mismatch("the parts of \(unit.id) do not cover its \(unit.count) recipients")
                }
                units.replaceSubrange(at...at, with: parts)
            }
        }
        // An intent with no outcome after it: the request may have gone out.
        for index in units.indices {
            if case .attempted = units[index].status { units[index].mayExist = true }
        }
        self.units = units
    }

    /// Whether nothing can exist on the server for this unit yet, so that its
    /// request (and key) may still change: never attempted, refused with no
    /// open try before, or an operator said it is not there.
    public static func mayChangeRequest(_ unit: Unit) -> Bool {
        guard !unit.mayExist else { return false }
        switch unit.status {
        case .planned, .rejected, .resend: return true
        case .attempted, .unknown, .created, .split, .cancelled: return false
        }
    }

    public var createdCampaigns: [(unit: Unit, campaignId: String)] {
        self.units.compactMap { unit in
            switch unit.status {
            case .created(let id), .cancelled(let id): (unit, id)
            default: nil
            }
        }
    }
}
