public import Foundation
public import Sysexits

/// Where the API is and how to authenticate. The key comes from the
/// environment (or a file it names), never from a pipeline file or a flag, so it
/// stays out of shell history, artifacts and logs.
public struct CubeConfiguration: Sendable {
    public var baseURL: String
    public var apiKey: String
    public var requestTimeout: Double
    public var retry: RetryPolicy

    public init(baseURL: String, apiKey: String, requestTimeout: Double = 60, retry: RetryPolicy = .init()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.requestTimeout = requestTimeout
        self.retry = retry
    }

    public static let sandboxURL = "http://127.0.0.1:8080"
    public static let sandboxKey = "sandbox-key"

    /// `CUBE_BASE_URL` (default: the local sandbox), `CUBE_API_KEY` or `CUBE_API_KEY_FILE`, and
    /// `CUBE_TIMEOUT` (seconds a request may take).
    /// The sandbox's default key is used only when the URL points at this machine.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> CubeConfiguration
    {
        let baseURL = environment["CUBE_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.sandboxURL
        guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ConfigurationError(message: "CUBE_BASE_URL is not an http(s) URL: \(baseURL)")
        }
        // The key goes in a header of every request: over plain http it would cross the network readable.
        if scheme == "http", !Self.isLoopback(url.host ?? ""), environment["CUBE_ALLOW_INSECURE_HTTP"] != "1" {
            throw ConfigurationError(
                message: "CUBE_BASE_URL \(baseURL) is plain http to another machine: the API key would travel "
                    + "in clear text; use https (or, for a test server on a private network, set CUBE_ALLOW_INSECURE_HTTP=1)")
        }
        var key = environment["CUBE_API_KEY"] ?? ""
        if key.isEmpty, let file = environment["CUBE_API_KEY_FILE"], !file.isEmpty {
            do {
                key = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ConfigurationError(message: "cannot read CUBE_API_KEY_FILE \(file): \(error.localizedDescription)")
            }
        }
        if key.isEmpty {
            guard Self.isLoopback(url.host ?? "") else {
                throw ConfigurationError(message: "no API key: set CUBE_API_KEY or CUBE_API_KEY_FILE for \(baseURL)")
            }
            key = Self.sandboxKey
        }
        var timeout = 60.0
        if let text = environment["CUBE_TIMEOUT"], !text.isEmpty {
            guard let value = Double(text), value > 0 else {
                throw ConfigurationError(message: "CUBE_TIMEOUT must be a number of seconds, not \(text)")
            }
            timeout = value
        }
        return CubeConfiguration(baseURL: baseURL, apiKey: key, requestTimeout: timeout)
    }
}

extension CubeConfiguration {
    /// This machine: `localhost`, `127.0.0.0/8` and `::1` (bracketed or not), where nothing crosses a network.
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "[::1]" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

public struct ConfigurationError: ExplainedError, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { self.message }
    public var exitStatus: ExitStatus { .config }
    public var summary: String { self.message }
    public var nextStep: String? { nil }
}
