import Foundation

/// A real `campaign-inbox` watching a spool in the background, for the tests
/// that stop it (politely or not) in the middle of its work.
final class WatcherProcess: @unchecked Sendable {
    let process = Process()
    let log: String

    init(spool: String, pipelines: String, environment: [String: String], arguments: [String] = []) throws {
        self.log = spool + ".watcher-\(UUID().uuidString.prefix(6)).log"
        FileManager.default.createFile(atPath: self.log, contents: nil)
        self.process.executableURL = Executables.binDirectory.appendingPathComponent("campaign-inbox")
        self.process.arguments = ["--spool", spool, "--pipelines", pipelines] + arguments
        self.process.currentDirectoryURL = Executables.packageRoot
        self.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        self.process.standardOutput = FileHandle.nullDevice
        self.process.standardError = FileHandle(forWritingAtPath: self.log)
        try self.process.run()
    }

    deinit {
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
    }

    /// SIGTERM, then the exit status once it has stopped (SIGKILL after `patience` seconds).
    func terminate(patience: Double = 60) -> Int32 {
        self.process.terminate()
        let deadline = Date().addingTimeInterval(patience)
        while self.process.isRunning && Date() < deadline { usleep(20_000) }
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
        self.process.waitUntilExit()
        return self.process.terminationStatus
    }

    /// The exit status once it stops by itself (SIGKILL, and -1, after `patience` seconds).
    func wait(patience: Double) -> Int32 {
        let deadline = Date().addingTimeInterval(patience)
        while self.process.isRunning && Date() < deadline { usleep(20_000) }
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
            return -1
        }
        return self.process.terminationStatus
    }

    func killHard() {
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    var output: String { (try? String(contentsOfFile: self.log, encoding: .utf8)) ?? "" }
}

/// Waits for a condition that a background process makes true.
func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}

/// `eventually` for async tests: sleeps without holding one of the few threads every test shares.
func eventuallyAsync(_ seconds: Double, every interval: Double = 0.1, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .seconds(interval))
    }
    return try await condition()
}
