public import Sysexits

/// An input that cannot be read at all: names the file, the place and what to do.
public struct InputError: ExplainedError, Sendable {
    public var file: String
    public var line: Int?
    public var byteOffset: Int64?
    public var message: String
    public var hint: String?

    public init(file: String, line: Int? = nil, byteOffset: Int64? = nil, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = self.file
        if let line = self.line { place += ":\(line)" }
        var text = "\(place): \(self.message)"
        if let offset = self.byteOffset { text += " (byte \(offset))" }
        if let hint = self.hint { text += "; \(hint)" }
        return text
    }

    /// An export that cannot be read is bad data: retrying it unchanged cannot help.
    public var exitStatus: ExitStatus { .dataError }
    /// The advice is part of the one line (a reject's message carries it too).
    public var summary: String { self.description }
    public var nextStep: String? { nil }
}
