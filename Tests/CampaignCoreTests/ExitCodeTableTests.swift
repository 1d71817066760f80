import Foundation
import Sysexits
import Testing

/// The README's table of exit codes is what a scheduler's author reads: it must name every status
/// the executables can return, by its number, and no other.
@Suite("The README's exit codes")
struct ExitCodeTableTests {
    @Test("README.md's Exit codes table lists exactly ExitStatus's cases")
    func readmeTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Exit codes").dropFirst().first)
        let table = section.components(separatedBy: "\n## ").first ?? section
        let numbers = table.split(separator: "\n").compactMap { line -> Int32? in
            guard line.hasPrefix("| ") else { return nil }
            return Int32(line.dropFirst(2).prefix { $0.isNumber })
        }
        #expect(numbers == ExitStatus.allCases.map(\.rawValue), "README lists \(numbers)")
    }
}
