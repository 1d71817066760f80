import CubeAPI
import Foundation
import RecipientIO

/// One line of `journal.ndjson`.
public struct JournalEntry: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable {
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

    enum CodingKeys: String, CodingKey {
        case event, unit, key, code, message, parts, offset, count
        case campaignId = "campaign_id"
        case scheduledAt = "scheduled_at"
    }

    public init(event: Event, unit: String, key: String? = nil, campaignId: String? = nil, code: String? = nil,
                message: String? = nil, parts: [Part]? = nil, offset: Int? = nil, count: Int? = nil, scheduledAt: String? = nil) {
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
    }
}

/// The append-only submit log. Every line is fsync'd before `append` returns,
/// so after a crash the journal says at least everything that was attempted.
public final class Journal {
    public let path: String
    public private(set) var entries: [JournalEntry] = []
    private var descriptor: Int32 = -1

    public init(path: String) throws {
        self.path = path
        if FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var lineNumber = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.isEmpty { continue }
                do {
                    self.entries.append(try JSONDecoder().decode(JournalEntry.self, from: Data(line.utf8)))
                } catch {
                    // A torn last line is what a crash mid-write leaves; anything else is damage.
                    let isLast = lineNumber >= text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                    guard isLast else {
                        throw CampaignError(.dataError, "\(path):\(lineNumber): damaged journal line",
                                            hint: "do not edit the journal by hand; restore it from a backup")
                    }
                }
            }
        }
    }

    deinit {
        if self.descriptor >= 0 { close(self.descriptor) }
    }

    public func append(_ entry: JournalEntry) throws {
        if self.descriptor < 0 {
            self.descriptor = open(self.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard self.descriptor >= 0 else {
                throw CampaignError(.unavailable, "\(self.path): cannot open the journal (\(String(cString: strerror(errno))))")
            }
            FileIO.syncDirectory(of: self.path)
        }
        var data = try JSONEncoder.api.encode(entry)
        data.append(0x0A)
        try FileIO.writeAll(self.descriptor, Array(data), path: self.path)
        guard fsync(self.descriptor) == 0 else {
            throw CampaignError(.unavailable, "\(self.path): fsync failed; the journal may not be durable")
        }
        self.entries.append(entry)
    }
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
    }

    /// Leaves in send order (parts replace the unit they split).
    public private(set) var units: [Unit]

    public init(plan: BatchPlan, entries: [JournalEntry]) {
        var units: [Unit] = plan.batches.map {
            Unit(id: String($0.index), batch: $0.index, offset: 0, count: $0.count, scheduledAt: $0.scheduledAt,
                 status: .planned)
        }
        func position(_ id: String) -> Int? { units.firstIndex { $0.id == id } }
        for entry in entries {
            guard let at = position(entry.unit) else { continue }
            switch entry.event {
            case .intent:
                if case .planned = units[at].status { units[at].status = .attempted }
                if case .resend = units[at].status { units[at].status = .attempted }
            case .created:
                units[at].status = .created(entry.campaignId ?? "")
            case .resolved:
                // An operator either names the campaign that exists, or asks for a resend.
                units[at].status = entry.campaignId.map { .created($0) } ?? .resend
            case .rejected:
                units[at].status = .rejected(code: entry.code ?? "", message: entry.message ?? "")
            case .unknown:
                units[at].status = .unknown(entry.message ?? "")
            case .cancelled:
                units[at].status = .cancelled(entry.campaignId ?? "")
            case .deferred, .cancelFailed:
                break
            case .split:
                let batch = units[at].batch
                let parts = (entry.parts ?? []).map {
                    Unit(id: $0.unit, batch: batch, offset: $0.offset, count: $0.count, scheduledAt: $0.scheduledAt,
                         status: .planned)
                }
                units.replaceSubrange(at...at, with: parts)
            }
        }
        self.units = units
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
