import CubeAPI
import Foundation
import RecipientIO
public import RunArtifacts
import Sysexits

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

    private let plan: BatchPlan
    private let journal: String

    /// Replays the journal over the plan, checking every line against it: a line
    /// whose unit the plan does not have, or whose key, offset or count differ
    /// from the plan's unit, means the journal belongs to another plan (a deleted
    /// plan.json rebuilt with another batch size, an edited pipeline), and
    /// nothing may be sent or reported from it.
    public init(plan: BatchPlan, events: [JournalEvent], journal: String = RunFile.journal.name) throws {
        self.plan = plan
        self.journal = journal
        self.units = plan.batches.map {
            Unit(
                id: String($0.index), batch: $0.index, offset: 0, count: $0.count, scheduledAt: $0.scheduledAt,
                status: .planned, key: $0.idempotencyKey)
        }
        for (index, event) in events.enumerated() { try self.apply(event, line: index + 1) }
        // An intent with no outcome after it: the request may have gone out.
        for index in self.units.indices {
            if case .attempted = self.units[index].status { self.units[index].mayExist = true }
        }
    }

    /// One event's effect on its part: the state machine submit, report and cancellation share.
    /// `line` names the journal line in an error.
    mutating func apply(_ event: JournalEvent, line: Int) throws {
        if case .planned = event { return }
        func mismatch(_ what: String) -> CampaignError {
            CampaignError(
                .dataError, "\(self.journal) line \(line): \(what); the journal was written for another plan of this run",
                hint:
                    "the pipeline, the recipients or \(RunFile.plan) changed after submitting started. Put back the pipeline and "
                    + "\(RunFile.plan) the run was submitted with, or start a new run directory for the new data (its campaigns "
                    + "already created stand; see the dashboard before sending them again)")
        }
        guard let at = self.units.firstIndex(where: { $0.id == event.unit }) else {
            throw mismatch("part \(event.unit) is not in \(RunFile.plan)")
        }
        let unit = self.units[at]
        if let journaled = event.key, journaled != unit.key {
            throw mismatch("part \(unit.id) was sent with key \(journaled), but \(RunFile.plan) gives it \(unit.key)")
        }
        switch event {
        case .planned, .deferred, .cancelFailed:
            break
        case .intent(_, _, let offset, let count, _):
            if (offset ?? unit.offset) != unit.offset || (count ?? unit.count) != unit.count {
                throw mismatch(
                    "part \(unit.id) was sent as \(count ?? unit.count) recipients from \(offset ?? unit.offset), "
                        + "but \(RunFile.plan) has \(unit.count) from \(unit.offset)")
            }
            switch unit.status {
            case .attempted: self.units[at].mayExist = true  // the try before this one left no outcome
            case .planned, .resend, .rejected: self.units[at].status = .attempted
            default: break
            }
        case .created(_, _, let campaignId):
            self.units[at].status = .created(campaignId)
        case .resolved(_, let campaignId, _):
            // An operator either names the campaign that exists, or asks for a resend.
            self.units[at].status = campaignId.map { .created($0) } ?? .resend
            self.units[at].mayExist = false
        case .rejected(_, _, let code, let message):
            self.units[at].status = .rejected(code: code, message: message)
        case .unknown(_, _, _, let message):
            self.units[at].status = .unknown(message)
            self.units[at].mayExist = true
        case .cancelled(_, let campaignId):
            self.units[at].status = .cancelled(campaignId)
        case .rescheduled(_, let scheduledAt):
            guard Self.mayChangeRequest(unit) else {
                throw mismatch("part \(unit.id) was rescheduled while its outcome was open")
            }
            self.units[at].scheduledAt = scheduledAt
            self.units[at].key = self.plan.idempotencyKey(
                unit: unit.id, batch: unit.batch, offset: unit.offset, count: unit.count, scheduledAt: scheduledAt)
        case .split(_, let pieces):
            let parts = pieces.map {
                Unit(
                    id: $0.unit, batch: unit.batch, offset: $0.offset, count: $0.count, scheduledAt: $0.scheduledAt,
                    status: .planned,
                    key: self.plan.idempotencyKey(
                        unit: $0.unit, batch: unit.batch, offset: $0.offset, count: $0.count, scheduledAt: $0.scheduledAt))
            }
            guard parts.map(\.count).reduce(0, +) == unit.count, parts.first?.offset == unit.offset else {
                throw mismatch("the parts of \(unit.id) do not cover its \(unit.count) recipients")
            }
            self.units.replaceSubrange(at...at, with: parts)
        }
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
