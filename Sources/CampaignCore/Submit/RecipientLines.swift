import Foundation
import RecipientIO

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
            throw CampaignError(.dataError, "\(path): the last line has no end (a damaged artifact)",
                                hint: "run campaign-validate again for this run directory")
        }
        self.starts = starts
    }

    var count: Int { self.starts.count - 1 }

    /// The phone of line `index`: read straight from the `{"phone":"+…"` validate begins each
    /// line with, or, for a line written otherwise, from the parsed line.
    func phone(_ index: Int) throws -> String? {
        let prefix = Array(#"{"phone":""#.utf8)
        return try self.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            let line = UnsafeRawBufferPointer(rebasing: raw[self.starts[index]..<self.starts[index + 1]])
            if line.count > prefix.count, line.starts(with: prefix) {
                let rest = line[prefix.count...]
                if let quote = rest.firstIndex(of: UInt8(ascii: "\"")),
                   rest[..<quote].allSatisfy({ $0 == UInt8(ascii: "+") || (0x30...0x39).contains($0) }) {
                    return String(decoding: rest[..<quote], as: UTF8.self)
                }
            }
            let reader = NDJSONReader(source: BufferSource(Array(line)), name: self.path, maxDepth: 4, maxStringBytes: 1 << 20)
            return try reader.next()?.fields.first { $0.name == "phone" }?.value
        }
    }
}
