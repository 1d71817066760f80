#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or stdin, for `-`) through a plain file descriptor, so that
/// nothing but our own code decides what the bytes mean (no silent gunzip).
public final class FileSource: ByteSource {
    public let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Bytes handed out so far: the compressed size for the gzip guard.
    public private(set) var bytesRead: Int64 = 0

    /// Opens `path` (or stdin for `-`), starting `offset` bytes in (a batch's start in an artifact).
    public init(path: String, offset: Int64 = 0) throws {
        self.path = path
        if path == "-" {
            self.descriptor = 0
            self.ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError(file: path, message: "cannot open: \(String(cString: strerror(errno)))",
                             hint: "check the path and that the file is readable")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(file: path, message: "is a directory, not a file", hint: "name the export file itself")
        }
        if offset > 0 && lseek(fd, off_t(offset), SEEK_SET) < 0 {
            close(fd)
            throw InputError(file: path, message: "cannot seek to byte \(offset)")
        }
        self.descriptor = fd
        self.ownsDescriptor = true
    }

    deinit {
        if self.ownsDescriptor { close(self.descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(self.descriptor, base, buffer.count)
            if n >= 0 {
                self.bytesRead += Int64(n)
                return n
            }
            if errno == EINTR { continue }
            throw InputError(file: self.path, message: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
