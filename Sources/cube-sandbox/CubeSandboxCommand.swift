import ArgumentParser
import CubeAPI
import CubeSandbox
import Foundation
import Hummingbird

@main
struct CubeSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cube-sandbox",
        abstract: "A local emulator of the CubeConnect Campaigns API, for demos, tests and load tests.",
        discussion: """
            Listens on 127.0.0.1 by default and prints one line when ready:
              cube-sandbox listening on http://HOST:PORT
            Control path (no auth): POST /_sandbox/clock {"advance": SECONDS} or {"now": "ISO 8601"}, \
            GET /_sandbox/campaigns, POST /_sandbox/reset. Its POSTs take Content-Type: application/json \
            only and no foreign Origin, and every route answers only to this machine's names in Host \
            (and --host's), so a web page in a browser here can neither reset it nor read it (403).

            Example:
              cube-sandbox --port 0 --account acme:1 --template offer_reminder:ar:2 --failure-rate 0.1
            """)

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one (the ready line names it).") var port = 8080
    @Option(
        name: .customLong("api-key"),
        help: "Accepted bearer key (repeatable; for tests: every local user sees argv). Default: sandbox-key.")
    var apiKeys: [String] = []
    @Option(
        name: .customLong("api-key-file"),
        help: ArgumentHelp(
            "A file of accepted keys, one a line (or CUBE_SANDBOX_API_KEY): what a shared machine should use.", valueName: "FILE")
    )
    var apiKeyFile: String?
    @Option(
        name: .customLong("account"),
        help: "Account ID:TIER with TIER 1|2|3|unlimited (repeatable). Default: sandbox-account:unlimited.")
    var accounts: [String] = []
    @Option(
        name: .customLong("template"),
        help: ArgumentHelp(
            "Template NAME:LANG:PARAMS[:BODY] with {{1}}… placeholders (repeatable). Default: order_confirmation and offer_reminder in ar and en_US, with bodies.",
            valueName: "NAME:LANG:PARAMS[:BODY]"))
    var templates: [String] = []
    @Option(
        name: .customLong("templates"),
        help: ArgumentHelp(
            "A JSON file of templates: [{\"name\", \"language\", \"params_count\", \"body\", \"header\"}], added to --template.",
            valueName: "FILE"))
    var templatesFile: String?
    @Option(help: "Recipients processed per second per campaign (virtual time).") var sendRate: Double = 1000
    @Option(help: "Share of recipients that fail (0…1), deterministic per phone and campaign.") var failureRate: Double = 0.05
    @Option(help: "Requests per minute per API key; 0 = off.") var rateLimit = 0
    @Option(help: "Where to POST campaign webhooks.") var webhookUrl: String?
    @Option(help: "Secret that signs webhooks (for tests: every local user sees argv).") var webhookSecret: String?
    @Option(help: ArgumentHelp("A file holding the webhook secret (or CUBE_SANDBOX_WEBHOOK_SECRET).", valueName: "FILE"))
    var webhookSecretFile: String?
    @Option(help: "Share of API requests that meet a fault (0…1).") var faultRate: Double = 0
    @Option(help: "Fault kinds, comma separated: 5xx,drop,slow,timeout-after-create.") var faults = FaultKinds()
    @Option(help: "Seconds a slow or timeout-after-create fault holds its answer.") var faultDelay: Double = 30
    @Option(help: "Seconds a new campaign stays pending before it starts.") var startDelay: Double = 1
    @Flag(help: "Answer creates with 202 and status preparing, as newer API versions do.") var acceptAsync = false
    @Option(help: "Keep state in this file, so a restart loses nothing.") var state: String?

    func validate() throws {
        guard (0...1).contains(self.failureRate) else { throw ValidationError("--failure-rate must be between 0 and 1") }
        guard (0...1).contains(self.faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1") }
        guard self.sendRate > 0 else { throw ValidationError("--send-rate must be positive") }
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0…65535") }
        _ = try self.options()
    }

    func options() throws -> SandboxOptions {
        var options = SandboxOptions()
        options.host = self.host
        options.port = self.port
        let environment = ProcessInfo.processInfo.environment
        var keys = self.apiKeys
        if let file = self.apiKeyFile { keys += try SecretFile.lines(file, flag: "--api-key-file") }
        if let key = environment["CUBE_SANDBOX_API_KEY"], !key.isEmpty { keys.append(key) }
        if !keys.isEmpty { options.apiKeys = keys }
        if !self.accounts.isEmpty {
            options.accounts = [:]
            for spec in self.accounts {
                let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, let tier = Tier(rawValue: parts[1]) else {
                    throw ValidationError("--account \(spec): expected ID:TIER with TIER 1, 2, 3 or unlimited")
                }
                options.accounts[parts[0]] = tier
            }
        }
        var templates: [Template] = []
        for spec in self.templates {
            // The body may hold colons of its own: only the first three separate.
            let parts = spec.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, !parts[0].isEmpty, !parts[1].isEmpty, let count = Int(parts[2]), count >= 0 else {
                throw ValidationError(
                    "--template \(spec): expected NAME:LANG:PARAMS or NAME:LANG:PARAMS:BODY, e.g. offer_reminder:ar:2:Hi {{1}}, {{2}} ends soon"
                )
            }
            let body = parts.count == 4 ? parts[3] : count == 0 ? "Hello" : (1...count).map { "{{\($0)}}" }.joined(separator: " ")
            templates.append(Template(name: parts[0], language: parts[1], paramsCount: count, body: body))
        }
        if let file = self.templatesFile {
            do {
                templates += try JSONDecoder().decode(
                    [TemplateFileEntry].self, from: Data(contentsOf: URL(fileURLWithPath: file))
                ).map {
                    Template(
                        name: $0.name, language: $0.language, category: $0.category ?? "MARKETING", paramsCount: $0.paramsCount,
                        body: $0.body, header: $0.header)
                }
            } catch {
                throw ValidationError(
                    "--templates \(file): expected a JSON array of {name, language, params_count, body, header} (\(error))")
            }
        }
        if !templates.isEmpty { options.templates = templates }
        options.sendRate = self.sendRate
        options.failureRate = self.failureRate
        options.rateLimit = self.rateLimit
        options.webhookURL = self.webhookUrl
        options.webhookSecret =
            try self.webhookSecretFile.map { try SecretFile.lines($0, flag: "--webhook-secret-file")[0] }
            ?? environment["CUBE_SANDBOX_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? self.webhookSecret
        options.faultRate = self.faultRate
        options.faultDelay = self.faultDelay
        options.startDelay = self.startDelay
        options.acceptAsync = self.acceptAsync
        options.statePath = self.state
        options.faults = self.faults.kinds
        return options
    }

    func run() async throws {
        // The state file holds every recipient's phone: the owner's only.
        umask(0o077)
        let options = try self.options()
        let host = options.host
        let app = try buildApplication(options: options) { port in
            FileHandle.standardOutput.write(Data("cube-sandbox listening on http://\(host):\(port)\n".utf8))
        }
        try await app.runService()
    }
}

/// One template of a `--templates` file: what the API serves, with the category optional.
struct TemplateFileEntry: Decodable {
    var name: String
    var language: String
    var category: String?
    var paramsCount: Int
    var body: String
    var header: String?

    enum CodingKeys: String, CodingKey {
        case name, language, category, body, header
        case paramsCount = "params_count"
    }
}
