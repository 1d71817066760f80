#if canImport(Glibc)
    public import Glibc
#elseif canImport(Darwin)
    public import Darwin
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
    /// - Parameter regularOnly: refuse anything but a regular file, without following a link
    ///   (`O_NOFOLLOW`) or waiting for a FIFO's writer (`O_NONBLOCK`, which a regular file
    ///   ignores), checked on the opened descriptor: for files others may have dropped (the inbox).
    ///   Off for the command line, where `<(zcat export.gz)` is a pipe on purpose.
    public init(path: String, offset: Int64 = 0, regularOnly: Bool = false) throws {
        self.path = path
        if path == "-" && !regularOnly {
            self.descriptor = 0
            self.ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NOFOLLOW | O_NONBLOCK : 0))
        guard fd >= 0 else {
            let why = regularOnly && errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw InputError(file: path, message: "cannot open: \(why)", hint: "check the path and that the file is readable")
        }
        var info = stat()
        let kind = fstat(fd, &info) == 0 ? info.st_mode & S_IFMT : 0
        if kind == S_IFDIR {
            close(fd)
            throw InputError(file: path, message: "is a directory, not a file", hint: "name the export file itself")
        }
        if regularOnly && kind != S_IFREG {
            close(fd)
            throw InputError(
                file: path, message: "is not a regular file (\(Self.kind(kind)))",
                hint: "drop the export itself, not a link, FIFO or device")
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

    /// A second descriptor of the same open file (a workbook read from its end with
    /// `pread`), so what is parsed is the very file that is hashed, never the path again.
    func duplicateDescriptor() throws -> Int32 {
        let copy = fcntl(self.descriptor, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw InputError(file: self.path, message: "cannot reopen: \(String(cString: strerror(errno)))") }
        return copy
    }

    /// What a file that is not a regular one is, in words.
    public static func kind(_ type: mode_t) -> String {
        switch type {
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFDIR: "a folder"
        default: "not a regular file"
        }
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
