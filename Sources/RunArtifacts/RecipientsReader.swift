import RecipientIO

/// Streams `recipients.ndjson` (or its zoned copy) a line at a time through
/// `RecipientsFile`: memory is one line, however many recipients.
public final class RecipientsReader {
    public let path: String
    private let lines: LineReader

    public init(path: String) throws {
        self.path = path
        self.lines = LineReader(source: try FileSource(path: path), maxLineBytes: 4 << 20)
    }

    /// The 1-based number of the line `next()` returned last.
    public var line: Int { self.lines.line }

    public func next() throws -> RecipientRecord? {
        guard let (bytes, tooLong) = try self.lines.next() else { return nil }
        guard !tooLong else {
            throw ArtifactError(
                file: self.path, line: self.lines.line, message: "a line longer than 4 MiB",
                hint: "this file is written by campaign-validate; run it again for this run directory")
        }
        return try bytes.withUnsafeBytes { try RecipientsFile.decode($0, path: self.path, line: self.lines.line) }
    }
}
