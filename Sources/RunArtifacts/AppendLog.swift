import Foundation
import RecipientIO
import Sysexits

/// An append-only file of JSON lines that must survive a crash or a full disk
/// mid-append: the submit journal and the inbox's content ledger.
///
/// It is read as bytes, so a tear inside a multi-byte character cannot make the
/// whole file unreadable. Bytes after the last newline are what an interrupted
/// append leaves; they held no promise yet (an intent is fsync'd before its
/// request leaves), so before the first append they are cut back to the last
/// newline and kept beside the file (`NAME.torn-OFFSET`) for inspection, never
/// glued to the next line. A failed append is truncated back to where it began.
/// Any complete line that does not decode is damage, named by its line number.
public final class AppendLog {
    public let path: String
    /// What the file calls itself in messages: "journal", "ledger".
    let what: String
    /// Complete lines, each without its newline.
    public private(set) var lines: [[UInt8]] = []
    /// Bytes after the last newline, and where they start.
    private(set) var tornTail: [UInt8] = []
    private var intactLength = 0
    private var descriptor: Int32 = -1

    public init(path: String, what: String) throws {
        self.path = path
        self.what = what
        guard FileManager.default.fileExists(atPath: path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ArtifactError(
                file: path, message: "cannot read the \(what) (\(error.localizedDescription))",
                hint: "check the run directory's permissions and the disk, then run the same command again", status: .unavailable)
        }
        let bytes = [UInt8](data)
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            self.lines.append(Array(bytes[start..<newline]))
            start = newline + 1
        }
        self.intactLength = start
        self.tornTail = Array(bytes[start...])
    }

    deinit {
        if self.descriptor >= 0 { close(self.descriptor) }
    }

    /// Every complete line decoded; blank lines are skipped, any other line that does not decode stops here.
    public func decode<T: Decodable>(_ type: T.Type) throws -> [T] {
        try self.decode(type, { $0 }, refused: { _ in "" })
    }

    /// Every complete line decoded as `T` and made into the value it records; a line that does not
    /// decode, or that `make` refuses (nil, `refused` saying why), is damage named by its line.
    public func decode<T: Decodable, U>(_ type: T.Type, _ make: (T) -> U?, refused: (T) -> String) throws -> [U] {
        let decoder = JSONDecoder()
        var values: [U] = []
        values.reserveCapacity(self.lines.count)
        for (index, line) in self.lines.enumerated() where !line.isEmpty {
            let decoded: T
            do {
                decoded = try decoder.decode(type, from: Data(line))
            } catch {
                throw self.damaged(line: index + 1)
            }
            guard let value = make(decoded) else { throw self.damaged(line: index + 1, refused(decoded)) }
            values.append(value)
        }
        return values
    }

    /// Line `line` (1-based) is not what the log's writer writes.
    public func damaged(line: Int, _ what: String? = nil) -> ArtifactError {
        ArtifactError(
            file: self.path, line: line, message: what ?? "damaged \(self.what) line",
            hint: "do not edit the \(self.what) by hand; restore it from a backup, or keep the run directory and report it")
    }

    /// Appends one line (and its newline), fsync'd before it returns.
    public func append(_ line: [UInt8]) throws {
        if self.descriptor < 0 {
            let fd = open(self.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw WriteError(file: self.path, operation: "open", code: errno) }
            self.descriptor = fd
            FileIO.syncDirectory(of: self.path)
            try self.cutTornTail()
        }
        var info = stat()
        guard fstat(self.descriptor, &info) == 0 else { throw WriteError(file: self.path, operation: "stat", code: errno) }
        let before = info.st_size
        do {
            try FileIO.writeAll(self.descriptor, line + [0x0A], path: self.path)
            guard fsync(self.descriptor) == 0 else { throw WriteError(file: self.path, operation: "fsync", code: errno) }
        } catch {
            // Leave no half line for the next append to glue onto.
            _ = ftruncate(self.descriptor, before)
            _ = fsync(self.descriptor)
            throw error
        }
        self.lines.append(line)
    }

    /// Cuts what an interrupted append left after the last newline, keeping the bytes beside the file.
    private func cutTornTail() throws {
        guard !self.tornTail.isEmpty else { return }
        // Cut only what was read as torn: a file that grew since (another writer) must not lose a line.
        var info = stat()
        guard fstat(self.descriptor, &info) == 0, info.st_size == off_t(self.intactLength + self.tornTail.count) else {
            throw ArtifactError(
                file: self.path, message: "changed while it was being read; is another process writing it?",
                hint: "run the same command again once the other process has finished", status: .tryLater)
        }
        let aside = "\(self.path).torn-\(self.intactLength)"
        let writer = try AtomicFileWriter(path: aside)
        try writer.write(bytes: self.tornTail)
        try writer.commit()
        guard ftruncate(self.descriptor, off_t(self.intactLength)) == 0 else {
            throw WriteError(file: self.path, operation: "truncate", code: errno)
        }
        guard fsync(self.descriptor) == 0 else { throw WriteError(file: self.path, operation: "fsync", code: errno) }
        self.tornTail = []
    }
}
