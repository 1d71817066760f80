import CampaignCore
import Foundation
import RecipientIO
import Reporting
import Sysexits

/// Reads a claimed file only if it is what the watcher saw: a regular file,
/// opened without following a link and without waiting on a FIFO, checked on
/// the very descriptor that is hashed (`FileSource(regularOnly:)`, which ingest
/// reads the claimed file with too). Whatever else is dropped (a symlink to
/// /etc/shadow, a FIFO that never ends, a device) is refused, never read,
/// never a hang.
enum ClaimedFile {
    static func sha256(_ path: String) throws -> String {
        let source: HashingSource
        do {
            source = HashingSource(try FileSource(path: path, regularOnly: true))
        } catch let error as InputError {
            throw CampaignError(
                .dataError, "\(path) \(error.message)", hint: "drop the export itself into inbox/, not a link to it")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while try source.read(into: buffer) > 0 {}
        return source.hexDigest
    }
}
