import Foundation
import RecipientIO

/// Reads a claimed file only if it is what the watcher saw: a regular file,
/// opened without following a link (`O_NOFOLLOW`) and without waiting on a FIFO
/// (`O_NONBLOCK`), checked with `fstat` on the very descriptor that is hashed.
/// Whatever else is dropped (a symlink to /etc/shadow, a FIFO that never ends,
/// a device) is refused, never read, never a hang.
enum ClaimedFile {
    static func sha256(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let why = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw CampaignError(.dataError, "\(path) cannot be opened as a plain file: \(why)",
                                hint: "drop the export itself into inbox/, not a link to it")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CampaignError(.dataError, "\(path) is not a regular file (\(Self.kind(info.st_mode)))",
                                hint: "drop the export itself into inbox/")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        var hasher = IncrementalSHA256()
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CampaignError(.unavailable, "\(path): cannot read (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.hex()
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFDIR: "a folder"
        default: "not a regular file"
        }
    }
}
