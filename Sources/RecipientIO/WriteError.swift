#if canImport(Glibc)
    import Glibc
#endif
public import Sysexits

/// A file the product writes could not be written: which file, which step, and
/// the system's reason. Kept apart from `InputError` (a bad export) because the
/// fix is the machine's, not the data's: a full disk is "free space and rerun".
public struct WriteError: ExplainedError, Sendable {
    public var file: String
    /// `write`, `fsync`, `rename`, `open`, `truncate`.
    public var operation: String
    public var code: Int32

    public init(file: String, operation: String, code: Int32) {
        self.file = file
        self.operation = operation
        self.code = code
    }

    public var diskFull: Bool { self.code == ENOSPC || self.code == EDQUOT }

    public var reason: String {
        self.diskFull ? "the disk is full (ENOSPC)" : String(cString: strerror(self.code))
    }

    public var description: String { "\(self.file): \(self.operation) failed: \(self.reason)" }

    /// A full disk or an unwritable folder: the machine's to fix, then the same command again.
    public var exitStatus: ExitStatus { .tryLater }
    public var summary: String { self.description }
    public var nextStep: String? {
        let folder = self.file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return self.diskFull
            ? "free space on the disk that holds \(folder), then run the same command again: what was done is kept, and nothing is sent twice"
            : "check that \(folder) is writable, then run the same command again"
    }
}
