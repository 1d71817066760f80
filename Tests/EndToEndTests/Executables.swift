import Foundation

/// Finds and runs the built executables, the way a nightly job runs them.
enum Executables {
    /// The build's bin folder: where this test binary itself lives.
    static let binDirectory: URL = {
        if let override = ProcessInfo.processInfo.environment["CAMPAIGN_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        // On Linux the test runner is <bin>/<package>PackageTests.xctest.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("cube-sandbox").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }()

    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdoutData: Data
        var stderr: String
        var stdout: String { String(decoding: self.stdoutData, as: UTF8.self) }
    }

    /// Runs the built executable `name` with `arguments` in the package root and waits for it.
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try self.runCommand(self.binDirectory.appendingPathComponent(name).path, arguments, environment: environment)
    }

    /// A stage started in the background, for tests that race it or signal it; stdout is dropped.
    final class Started {
        let process = Process()
        private let err = Pipe()

        fileprivate init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
            self.process.executableURL = URL(fileURLWithPath: path)
            self.process.arguments = arguments
            self.process.currentDirectoryURL = Executables.packageRoot
            self.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            self.process.standardError = self.err
            self.process.standardOutput = FileHandle.nullDevice
            try self.process.run()
        }

        /// Waits for the end: the exit status and everything written to stderr.
        func finish() -> (status: Int32, stderr: String) {
            let text = String(decoding: self.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            self.process.waitUntilExit()
            return (self.process.terminationStatus, text)
        }
    }

    static func start(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Started {
        try Started(self.binDirectory.appendingPathComponent(name).path, arguments, environment: environment)
    }

    /// Runs any program in the package root and waits for it.
    static func runCommand(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = self.packageRoot
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a chatty stage cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdoutData: outData, stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A real `cube-sandbox` process on a free loopback port, stopped on deinit.
final class SandboxProcess: @unchecked Sendable {
    let process = Process()
    let baseURL: String
    /// The contact history of the stages run against this sandbox: one per test, so no test
    /// sees another's sends (the default, state/ beside the runs' folder, is shared).
    let stateDirectory = NSTemporaryDirectory() + "cube-state-\(UUID().uuidString.prefix(8))"

    init(_ arguments: [String] = []) throws {
        self.process.executableURL = Executables.binDirectory.appendingPathComponent("cube-sandbox")
        self.process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        self.process.standardOutput = out
        self.process.standardError = FileHandle.nullDevice
        try self.process.run()
        var buffer = Data()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let text = String(data: buffer, encoding: .utf8), let line = text.split(separator: "\n").first,
                line.hasPrefix("cube-sandbox listening on ")
            {
                self.baseURL = String(line.dropFirst("cube-sandbox listening on ".count))
                return
            }
        }
        self.process.terminate()
        throw SandboxStartError(output: String(decoding: buffer, as: UTF8.self))
    }

    /// SIGTERM, and SIGKILL if the sandbox has not stopped within five seconds.
    deinit {
        guard self.process.isRunning else { return }
        self.process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while self.process.isRunning && Date() < deadline { usleep(20_000) }
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
        self.process.waitUntilExit()
    }

    var environment: [String: String] {
        [
            "CUBE_BASE_URL": self.baseURL, "CUBE_API_KEY": "sandbox-key", "CUBE_ACCOUNT_ID": "sandbox-account",
            "CUBE_STATE_DIR": self.stateDirectory,
        ]
    }
}

struct SandboxStartError: Error, CustomStringConvertible {
    var output: String
    var description: String { "cube-sandbox did not start: \(self.output)" }
}
