public import Sysexits

/// A run file that is not what the stage that owns it writes: names the file and
/// the line, says what is wrong and which stage makes it again. Bad data (exit 65,
/// a scheduler must not retry it unchanged) unless the file could not be read at
/// all (69) or another process was writing it (75).
public struct ArtifactError: ExplainedError, Sendable {
    public var file: String
    public var line: Int?
    public var message: String
    public var hint: String
    public var exitStatus: ExitStatus

    public init(file: String, line: Int? = nil, message: String, hint: String, status: ExitStatus = .dataError) {
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
        self.exitStatus = status
    }

    public var description: String {
        "\(self.file)\(self.line.map { ":\($0)" } ?? ""): \(self.message)\n  → \(self.hint)"
    }

    public var summary: String { "\(self.file)\(self.line.map { ":\($0)" } ?? ""): \(self.message)" }
    public var nextStep: String? { self.hint }
}
