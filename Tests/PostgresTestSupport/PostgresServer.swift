import Foundation
import Synchronization

/// A real PostgreSQL server for the tests: its own cluster in a scratch folder,
/// trust auth on 127.0.0.1, a free port, started once per test process and
/// stopped when it exits; each test gets a fresh database. PostgreSQL refuses
/// to run as root, so as root it runs as the `postgres` user.
public final class PostgresServer: @unchecked Sendable {
    public static let shared: Result<PostgresServer, any Error> = Result { try PostgresServer() }

    /// A server of its own, for a test that stops and starts it (the shared one serves every other test).
    public static func dedicated() throws -> PostgresServer { try PostgresServer() }

    public let port: Int
    public let folder: String
    private let bin: String

    private init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted().last else {
            throw ServerError("PostgreSQL is not installed (apt-get install postgresql; make deps does)")
        }
        self.bin = "/usr/lib/postgresql/\(version)/bin"
        // Not under TMPDIR: the tests' scratch folder is the owner's only, and the server's user must reach its files.
        self.folder = "/tmp/cube-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
        self.port = Self.freePort()
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", self.folder]) }
        try self.asServerUser("\(self.bin)/initdb", ["-D", self.folder + "/data", "-A", "trust", "-U", "postgres", "--no-sync"])
        PostgresServer.registry.withLock { servers in
            if servers.isEmpty {
                atexit {
                    for (bin, folder) in PostgresServer.registry.withLock({ $0 }) {
                        let stop = ["-D", folder + "/data", "-m", "immediate", "stop"]
                        if getuid() == 0 {
                            try? PostgresServer.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl"] + stop)
                        } else {
                            try? PostgresServer.run("\(bin)/pg_ctl", stop)
                        }
                        try? FileManager.default.removeItem(atPath: folder)
                    }
                }
            }
            servers.append((self.bin, self.folder))
        }
        // Registered before the start: a start that times out while the server still comes up is stopped too.
        try self.start()
    }

    /// Every server this process started, stopped when it exits.
    static let registry = Mutex<[(String, String)]>([])

    /// Starts the server (again, after `stop`), waiting until it takes connections.
    public func start() throws {
        try self.asServerUser(
            "\(self.bin)/pg_ctl",
            [
                "-D", self.folder + "/data", "-w", "-l", self.folder + "/log",
                "-o", "-p \(self.port) -k \(self.folder) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
            ])
    }

    /// Stops the server at once, as a crash or a pulled plug would: open connections are cut, nothing is flushed politely.
    public func stopImmediately() throws {
        try self.asServerUser("\(self.bin)/pg_ctl", ["-D", self.folder + "/data", "-m", "immediate", "-w", "stop"])
    }

    /// The same stop as a shell command line, for a script that must act without waiting on the test's threads.
    public var immediateStopCommand: String {
        let stop = "'\(self.bin)/pg_ctl' -D '\(self.folder)/data' -m immediate -w stop"
        return getuid() == 0 ? "/usr/sbin/runuser -u postgres -- \(stop)" : stop
    }

    /// A new, empty database on the server, as a URL for `CUBE_STATE_URL`.
    public func freshDatabase() throws -> String {
        let name = "history_\(UUID().uuidString.prefix(8).lowercased())"
        try self.asServerUser("\(self.bin)/createdb", ["-h", "127.0.0.1", "-p", String(self.port), "-U", "postgres", name])
        return "postgres://postgres@127.0.0.1:\(self.port)/\(name)"
    }

    private func asServerUser(_ tool: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments)
        } else {
            try Self.run(tool, arguments)
        }
    }

    /// Runs a tool to its end with posix_spawn and waitpid: Foundation's `Process` waits on a run
    /// loop the test's thread may not have, and pg_ctl's server keeps inherited pipes open.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let errorsPath = "/tmp/cube-pg-tool-\(UUID().uuidString.prefix(8)).err"
        defer { unlink(errorsPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ServerError("cannot start \(tool): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var waited: pid_t
        repeat { waited = waitpid(pid, &status, 0) } while waited < 0 && errno == EINTR
        guard waited == pid, status == 0 else {
            let message = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
            throw ServerError("\(tool) \(arguments.joined(separator: " ")) failed (status \(status)): \(message)")
        }
    }

    private static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
