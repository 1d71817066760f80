import ArgumentParser
import Foundation

/// Secrets read from a file rather than argv, which `ps` shows every local user.
enum SecretFile {
    /// The file's non-empty lines, trimmed; a file that cannot be read or holds none is a bad flag.
    static func lines(_ path: String, flag: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("\(flag) \(path): cannot be read")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ValidationError("\(flag) \(path): the file is empty") }
        return lines
    }
}
