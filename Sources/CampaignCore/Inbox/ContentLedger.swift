import CubeAPI
import Foundation
import RecipientIO

/// The spool's memory of what content went to which pipeline, so that the
/// same export dropped twice is not sent twice. One fsync'd JSON line per
/// event; a content is taken while its latest event is `claimed`, and given
/// back (`released`) only when its run failed before any create was attempted.
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

        public init(event: Event, pipeline: String, sha256: String, run: String, file: String, at: String, override: String? = nil) {
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
    public private(set) var entries: [Entry] = []

    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CampaignError(.config, "\(path): cannot read the ledger (\(error.localizedDescription))")
        }
        // A torn last line is what a crash mid-append leaves; it held no promise yet.
        for line in text.split(separator: "\n") {
            if let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) { self.entries.append(entry) }
        }
    }

    /// The run that holds this content for this pipeline, if any.
    public func holder(pipeline: String, sha256: String) -> Entry? {
        var holder: Entry?
        for entry in self.entries where entry.pipeline == pipeline && entry.sha256 == sha256 {
            holder = entry.event == .claimed ? entry : nil
        }
        return holder
    }

    public func append(_ entry: Entry) throws {
        var data = try JSONEncoder.api.encode(entry)
        data.append(0x0A)
        let fd = open(self.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CampaignError(.unavailable, "\(self.path): cannot open the ledger (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        try FileIO.writeAll(fd, Array(data), path: self.path)
        guard fsync(fd) == 0 else { throw CampaignError(.unavailable, "\(self.path): fsync failed; the ledger may not be durable") }
        self.entries.append(entry)
    }

    /// The SHA-256 of a whole file, streamed.
    public static func sha256(file path: String) throws -> String {
        let source = HashingSource(try FileSource(path: path))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while try source.read(into: buffer) > 0 {}
        return source.hexDigest
    }
}
