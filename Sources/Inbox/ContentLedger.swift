import CampaignCore
import CubeAPI
import Foundation
import RecipientIO
import Reporting
import RunArtifacts

/// The spool's file ledger of earlier versions (`ledger.ndjson`: one fsync'd
/// JSON line per claim or release), read once to import its holds into the
/// contact history (`InboxLedger.importFile`). A content was taken while its
/// latest event was `claimed`.
public final class ContentLedger {
    public struct Entry: Codable, Sendable, Equatable {
        public enum Event: String, Codable, Sendable {
            case claimed, released
        }

        public var event: Event
        public var pipeline: String
        public var sha256: String
        public var run: String
        public var file: String
        public var at: String
        /// Why a content already sent was let through again.
        public var override: String?

        public init(
            event: Event, pipeline: String, sha256: String, run: String, file: String, at: String, override: String? = nil
        ) {
            self.event = event
            self.pipeline = pipeline
            self.sha256 = sha256
            self.run = run
            self.file = file
            self.at = at
            self.override = override
        }
    }

    public let path: String
    public private(set) var entries: [Entry]
    private let log: AppendLog

    /// Reads the ledger as bytes: a line torn by a crash mid-append is cut away
    /// before the next append (never glued to it), and a damaged line anywhere
    /// else stops the watcher with its line number instead of being skipped, since
    /// a skipped claim is a file that could be sent twice.
    public init(path: String) throws {
        self.path = path
        self.log = try AppendLog(path: path, what: "ledger")
        self.entries = try self.log.decode(Entry.self)
    }

    /// Every content held now, each by its latest claim, in the order the claims were made.
    public var holds: [Entry] {
        var latest: [String: Entry] = [:]
        for entry in self.entries {
            latest[entry.pipeline + "\n" + entry.sha256] = entry.event == .claimed ? entry : nil
        }
        var taken = Set<String>()
        return self.entries.filter { entry in
            let key = entry.pipeline + "\n" + entry.sha256
            return entry.event == .claimed && latest[key] == entry && taken.insert(key).inserted
        }
    }

    /// The run that holds this content for this pipeline, if any.
    public func holder(pipeline: String, sha256: String) -> Entry? {
        self.holds.first { $0.pipeline == pipeline && $0.sha256 == sha256 }
    }

    public func append(_ entry: Entry) throws {
        try self.log.append(Array(try JSONEncoder.api.encode(entry)))
        self.entries.append(entry)
    }
}
