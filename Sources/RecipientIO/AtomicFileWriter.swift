#if canImport(Glibc)
    import Glibc
#endif

/// Writes an artifact so that readers see either the old file or the whole new
/// one: a temp file in the same directory, fsync'd, then renamed into place.
public final class AtomicFileWriter {
    public let path: String
    private let tempPath: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var committed = false
    private let flushThreshold = 1 << 18

    public init(path: String) throws {
        self.path = path
        self.tempPath = path + ".tmp-\(getpid())"
        // A temp file left by a crashed process of a recycled pid, or a link planted in its place, is
        // removed (unlink never follows a link), and the new one is made here or not at all.
        unlink(self.tempPath)
        let fd = open(self.tempPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WriteError(file: path, operation: "open", code: errno) }
        self.descriptor = fd
        self.buffer.reserveCapacity(self.flushThreshold * 2)
    }

    deinit {
        if !self.committed {
            close(self.descriptor)
            unlink(self.tempPath)
        }
    }

    public func write(_ text: String) throws {
        self.buffer.append(contentsOf: text.utf8)
        if self.buffer.count >= self.flushThreshold { try self.flush() }
    }

    public func write(bytes: [UInt8]) throws {
        self.buffer.append(contentsOf: bytes)
        if self.buffer.count >= self.flushThreshold { try self.flush() }
    }

    public func write(bytes: ArraySlice<UInt8>) throws {
        self.buffer.append(contentsOf: bytes)
        if self.buffer.count >= self.flushThreshold { try self.flush() }
    }

    public func write(bytes: some Sequence<UInt8>) throws {
        self.buffer.append(contentsOf: bytes)
        if self.buffer.count >= self.flushThreshold { try self.flush() }
    }

    private func flush() throws {
        try FileIO.writeAll(self.descriptor, self.buffer, path: self.path)
        self.buffer.removeAll(keepingCapacity: true)
    }

    /// Whether what was written so far is, byte for byte, the file it would
    /// replace (a stage rerun that must not change an artifact others rely on).
    public func matchesExisting() throws -> Bool {
        try self.flush()
        var old = stat()
        var new = stat()
        guard stat(self.path, &old) == 0, fstat(self.descriptor, &new) == 0, old.st_size == new.st_size else { return false }
        let existing = try FileSource(path: self.path)
        let written = try FileSource(path: self.tempPath)
        let size = 1 << 16
        let a = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        defer {
            a.deallocate()
            b.deallocate()
        }
        while true {
            let countA = try Self.fill(a, from: existing)
            let countB = try Self.fill(b, from: written)
            guard countA == countB else { return false }
            if countA == 0 { return true }
            guard UnsafeRawBufferPointer(rebasing: a[0..<countA]).elementsEqual(UnsafeRawBufferPointer(rebasing: b[0..<countA]))
            else {
                return false
            }
        }
    }

    /// Reads until `buffer` is full or the source ends.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from source: FileSource) throws -> Int {
        var total = 0
        while total < buffer.count {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// Flushes, fsyncs and renames into place; before this the old file stays.
    public func commit() throws {
        try self.flush()
        guard fsync(self.descriptor) == 0 else {
            throw WriteError(file: self.path, operation: "fsync", code: errno)
        }
        close(self.descriptor)
        self.committed = true
        guard rename(self.tempPath, self.path) == 0 else {
            let code = errno
            unlink(self.tempPath)
            throw WriteError(file: self.path, operation: "rename", code: code)
        }
        FileIO.syncDirectory(of: self.path)
    }

    /// Writes a whole artifact in one go.
    public static func write(_ text: String, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(text)
        try writer.commit()
    }
}

/// Small POSIX helpers shared by the atomic writer and the journal.
public enum FileIO {
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(file: path, operation: "write", code: errno)
                }
                offset += n
            }
        }
    }

    /// Makes a rename durable by fsyncing the directory that holds it.
    public static func syncDirectory(of path: String) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
