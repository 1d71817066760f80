import CubeAPI
import Foundation
import RecipientIO
public import RunArtifacts
import Sysexits

/// What the journal says about each part (a batch, or a piece of a split batch).
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

    public struct Part: Sendable, Equatable {
        public var id: String
        public var batch: Int
        public var offset: Int
        public var count: Int
        public var scheduledAt: String?
        public var status: Status
        /// The idempotency key the plan gives this part as it stands now.
        public var key: String
        /// An earlier create of this part got no answer (or no outcome line), so a campaign may
        /// exist for it: a later refusal of a retry proves nothing about that one. Only an
        /// operator's `--resolve N=resend` clears it.
        public var mayExist = false
    }

    /// Leaves in send order (parts replace the part they split).
    public private(set) var parts: [Part]
    /// Why the run was stopped (auto-pause, a failed canary, `--cancel`), if it was: nothing not yet
    /// asked for is sent after that.
    public private(set) var halted: String?

    private let plan: BatchPlan
    private let journal: String

    /// Replays the journal over the plan, checking every line against it: a line
    /// whose part the plan does not have, or whose key, offset or count differ
    /// from the plan's part, means the journal belongs to another plan (a deleted
    /// plan.json rebuilt with another batch size, an edited pipeline), and
    /// nothing may be sent or reported from it.
    public init(plan: BatchPlan, events: [JournalEvent], journal: String = RunFile.journal.name) throws {
        self.plan = plan
        self.journal = journal
        self.parts = plan.batches.map {
            Part(
                id: String($0.index), batch: $0.index, offset: 0, count: $0.count, scheduledAt: $0.scheduledAt,
                status: .planned, key: $0.idempotencyKey)
        }
        for (index, event) in events.enumerated() { try self.apply(event, line: index + 1) }
        // An intent with no outcome after it: the request may have gone out.
        for index in self.parts.indices {
            if case .attempted = self.parts[index].status { self.parts[index].mayExist = true }
        }
    }

    /// One event's effect on its part: the state machine submit, report and cancellation share.
    /// `line` names the journal line in an error.
    mutating func apply(_ event: JournalEvent, line: Int) throws {
        if case .planned = event { return }
        if case .halted(let message) = event {
            self.halted = message
            return
        }
        func mismatch(_ what: String) -> CampaignError {
            CampaignError(
                .dataError, "\(self.journal) line \(line): \(what); the journal was written for another plan of this run",
                hint:
                    "the pipeline, the recipients or \(RunFile.plan) changed after submitting started. Put back the pipeline and "
                    + "\(RunFile.plan) the run was submitted with, or start a new run directory for the new data (its campaigns "
                    + "already created stand; see the dashboard before sending them again)")
        }
        guard let at = self.parts.firstIndex(where: { $0.id == event.part }) else {
            throw mismatch("part \(event.part) is not in \(RunFile.plan)")
        }
        let part = self.parts[at]
        if let journaled = event.key, journaled != part.key {
            throw mismatch("part \(part.id) was sent with key \(journaled), but \(RunFile.plan) gives it \(part.key)")
        }
        switch event {
        case .planned, .deferred, .cancelFailed, .halted:
            break
        case .intent(_, _, let offset, let count, _):
            if (offset ?? part.offset) != part.offset || (count ?? part.count) != part.count {
                throw mismatch(
                    "part \(part.id) was sent as \(count ?? part.count) recipients from \(offset ?? part.offset), "
                        + "but \(RunFile.plan) has \(part.count) from \(part.offset)")
            }
            switch part.status {
            case .attempted: self.parts[at].mayExist = true  // the try before this one left no outcome
            case .planned, .resend, .rejected: self.parts[at].status = .attempted
            default: break
            }
        case .created(_, _, let campaignId):
            self.parts[at].status = .created(campaignId)
        case .resolved(_, let campaignId, _):
            // An operator either names the campaign that exists, or asks for a resend.
            self.parts[at].status = campaignId.map { .created($0) } ?? .resend
            self.parts[at].mayExist = false
        case .rejected(_, _, let code, let message):
            self.parts[at].status = .rejected(code: code, message: message)
        case .unknown(_, _, _, let message):
            self.parts[at].status = .unknown(message)
            self.parts[at].mayExist = true
        case .cancelled(_, let campaignId):
            self.parts[at].status = .cancelled(campaignId)
        case .rescheduled(_, let scheduledAt):
            guard Self.mayChangeRequest(part) else {
                throw mismatch("part \(part.id) was rescheduled while its outcome was open")
            }
            self.parts[at].scheduledAt = scheduledAt
            self.parts[at].key = self.plan.idempotencyKey(
                part: part.id, batch: part.batch, offset: part.offset, count: part.count, scheduledAt: scheduledAt)
        case .split(_, let pieces):
            let parts = pieces.map {
                Part(
                    id: $0.part, batch: part.batch, offset: $0.offset, count: $0.count, scheduledAt: $0.scheduledAt,
                    status: .planned,
                    key: self.plan.idempotencyKey(
                        part: $0.part, batch: part.batch, offset: $0.offset, count: $0.count, scheduledAt: $0.scheduledAt))
            }
            guard parts.map(\.count).reduce(0, +) == part.count, parts.first?.offset == part.offset else {
                throw mismatch("the parts of \(part.id) do not cover its \(part.count) recipients")
            }
            self.parts.replaceSubrange(at...at, with: parts)
        }
    }

    /// Whether nothing can exist on the server for this part yet, so that its
    /// request (and key) may still change: never attempted, refused with no
    /// open try before, or an operator said it is not there.
    public static func mayChangeRequest(_ part: Part) -> Bool {
        guard !part.mayExist else { return false }
        switch part.status {
        case .planned, .rejected, .resend: return true
        case .attempted, .unknown, .created, .split, .cancelled: return false
        }
    }

    public var createdCampaigns: [(part: Part, campaignId: String)] {
        self.parts.compactMap { part in
            switch part.status {
            case .created(let id), .cancelled(let id): (part, id)
            default: nil
            }
        }
    }
}
