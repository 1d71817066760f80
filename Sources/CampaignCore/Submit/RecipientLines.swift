import Foundation
import RecipientIO
import RunArtifacts
import Sysexits

/// `recipients.ndjson` mapped once, with where each line starts: the planner cuts and hashes
/// batches from it, and the zone planner reads each recipient's phone from it and lays the same
/// bytes out by group, so what is grouped is what is hashed and sent.
struct RecipientLines {
    let path: String
    let data: Data
    /// Where each line starts, and one more: where the last one ends.
    let starts: [Int]

    init(path: String) throws {
        self.path = path
        self.data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        var starts: [Int] = [0]
        self.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var position = 0
            while position < raw.count, let found = memchr(base + position, 0x0A, raw.count - position) {
                position = base.distance(to: UnsafeRawPointer(found)) + 1
                starts.append(position)
            }
        }
        guard starts.last == self.data.count else {
            throw CampaignError(
                .dataError, "\(path): the last line has no end (a damaged artifact)",
                hint: "run campaign-validate again for this run directory")
        }
        self.starts = starts
    }

    var count: Int { self.starts.count - 1 }

    /// The phone of line `index`, through the file's one reader (`RecipientsFile`), which names the
    /// file and line of a line it cannot take.
    func phone(_ index: Int) throws -> String {
        try self.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String in
            let line = UnsafeRawBufferPointer(rebasing: raw[self.starts[index]..<self.starts[index + 1]])
            return try RecipientsFile.phone(line, path: self.path, line: index + 1)
        }
    }

    /// The template language validate chose for line `index` (`language:`); nil when it chose none.
    func language(_ index: Int) throws -> String? {
        try self.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            let line = UnsafeRawBufferPointer(rebasing: raw[self.starts[index]..<self.starts[index + 1]])
            return try RecipientsFile.decode(line, path: self.path, line: index + 1).language
        }
    }
}
