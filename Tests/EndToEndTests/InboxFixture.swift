import Foundation

/// A spool and a pipelines folder in a fresh temp directory, and the ways a
/// person fills the inbox.
struct InboxFixture {
    let root: String
    var spool: String { self.root + "/spool" }
    var pipelines: String { self.root + "/pipelines" }
    var inbox: String { self.spool + "/inbox" }
    var done: String { self.spool + "/done" }
    var failed: String { self.spool + "/failed" }

    init(_ name: String, pipelines: [String: String]) throws {
        self.root = try Support.runDirectory("inbox-" + name)
        for folder in [self.pipelines, self.inbox] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for (file, text) in pipelines { try text.write(toFile: self.pipelines + "/" + file, atomically: true, encoding: .utf8) }
    }

    /// A pipeline over `Support.recipientsCSV` files, named and routed as asked.
    static func pipeline(_ name: String, match: [String], batchSize: Int = 10) -> String {
        """
        name: \(name)
        account: sandbox-account
        template: {name: order_confirmation, language: ar}
        mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
        batch_size: \(batchSize)
        schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
        inbox: {match: [\(match.map { "\"\($0)\"" }.joined(separator: ", "))]}
        """
    }

    /// Drops a complete file the careful way: written beside the spool, then renamed in.
    func drop(_ name: String, _ text: String) throws {
        let staging = self.root + "/" + name
        try text.write(toFile: staging, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: staging, toPath: self.inbox + "/" + name)
    }

    func names(_ folder: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
    }

    /// `created` lines across every run's journal.
    func createdCount() -> Int {
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: self.spool + "/runs")) ?? []
        return runs.reduce(0) { total, run in
            let journal = (try? String(contentsOfFile: self.spool + "/runs/\(run)/journal.ndjson", encoding: .utf8)) ?? ""
            return total + journal.components(separatedBy: "\"created\"").count - 1
        }
    }

    func watch(_ sandbox: SandboxProcess, _ arguments: [String]) throws -> Executables.Result {
        try Executables.run(
            "campaign-inbox", ["--spool", self.spool, "--pipelines", self.pipelines] + arguments,
            environment: sandbox.environment)
    }
}
