import CubeAPI
import Foundation

/// `journal.ndjson` (and `test-sends.ndjson`): submit's append-only log. Every line is fsync'd
/// before `append` returns, so after a crash the journal says at least everything that was
/// attempted; a torn last line is cut away before the next append (`AppendLog`). A complete line
/// that is not a journal event, or lacks a field its kind cannot do without, is damage named by
/// its line.
public final class Journal {
    public let path: String
    public private(set) var events: [JournalEvent]
    private let log: AppendLog

    public init(path: String) throws {
        self.path = path
        self.log = try AppendLog(path: path, what: "journal")
        self.events = try self.log.decode(
            JournalLine.self, \.decoded, refused: { "a \($0.event.rawValue) line without the fields it needs" })
    }

    public func append(_ event: JournalEvent) throws {
        try self.log.append(Array(try JSONEncoder.api.encode(JournalLine(event))))
        self.events.append(event)
    }

    /// The `planned` line's plan digest and moment, if the journal has one.
    public var planned: (planDigest: String, plannedAt: String)? {
        for event in self.events {
            if case .planned(let digest, let plannedAt) = event { return (digest, plannedAt) }
        }
        return nil
    }
}
