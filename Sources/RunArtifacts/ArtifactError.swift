import Sysexits

/// A run file that is not what the stage that owns it writes: names the file and
/// the line, says what is wrong and which stage makes it again. Always bad data
/// (exit 65): a scheduler must not retry it unchanged.
public struct ArtifactError: ExplainedError, Sendable {
    public var file: String
    public var line: Int?
    public var message: String
    public var hint: String

    public init(file: String, line: Int? = nil, message: String, hint: String) {
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(self.file)\(self.line.map { ":\($0)" } ?? ""): \(self.message)\n  → \(self.hint)"
    }

    public var exitStatus: ExitStatus { .dataError }
    public var summary: String { "\(self.file)\(self.line.map { ":\($0)" } ?? ""): \(self.message)" }
    public var nextStep: String? { self.hint }
}
