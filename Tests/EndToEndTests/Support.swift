import AsyncHTTPClient
import CubeAPI
import Foundation
import NIOCore
import RecipientIO
import Testing
import NIOHTTP1

enum Support {
    /// A fresh run directory under the system temp folder.
    static func runDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "cube-e2e-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static var samples: [String] {
        let folder = Executables.packageRoot.appendingPathComponent("samples").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { "samples/" + $0 }
    }

    /// The sandbox's own record of every campaign it holds.
    static func sandboxCampaigns(_ sandbox: SandboxProcess) async throws -> [SandboxCampaignSummary] {
        let response = try await HTTPClient.shared.execute(
            Self.controlRequest(sandbox.baseURL + "/_sandbox/campaigns"),
            timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 24)
        return try JSONDecoder().decode(Envelope<[SandboxCampaignSummary]>.self, from: Data(body.readableBytesView)).data
    }

    /// Whether this process may mount a tmpfs (root, and not in a container that forbids it): tried once.
    static let canMountTmpfs: Bool = {
        guard getuid() == 0, let folder = try? Self.runDirectory("mount-probe") else { return false }
        guard (try? Executables.runCommand("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder]))?.status == 0 else {
            return false
        }
        _ = try? Executables.runCommand("/bin/umount", [folder])
        return true
    }()

    /// A request to a sandbox's control path on a connection of its own: sandboxes come and go on
    /// ports the system hands out again, so no pooled connection may outlive one.
    static func controlRequest(_ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Connection", value: "close")
        request.headers.add(name: "Content-Type", value: "application/json")
        return request
    }

    /// Moves the sandbox's virtual clock on, so scheduled and running campaigns progress at once.
    static func advanceClock(_ sandbox: SandboxProcess, seconds: Double) async throws {
        var request = Self.controlRequest(sandbox.baseURL + "/_sandbox/clock")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{\"advance\": \(seconds)}"))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    }

    /// Moves the sandbox's clock to the latest `scheduled_at` it holds, so campaigns that wait for a
    /// send window start now (the demo does the same).
    static func advanceToSchedules(_ sandbox: SandboxProcess) async throws {
        guard let latest = try await self.sandboxCampaigns(sandbox).compactMap(\.scheduledAt).max() else { return }
        try await self.setClock(sandbox, to: latest)
    }

    /// Sets the sandbox's virtual clock to an ISO 8601 instant (it never goes back).
    static func setClock(_ sandbox: SandboxProcess, to instant: String) async throws {
        var request = Self.controlRequest(sandbox.baseURL + "/_sandbox/clock")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{\"now\": \"\(instant)\"}"))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    }

    /// Tomorrow's noon UTC: a clock far from any midnight, for tests that count per UTC day
    /// (a run that crosses midnight would otherwise start a new tier day between two creates).
    static var noonTomorrowUTC: String {
        let tomorrow = Date().addingTimeInterval(86_400)
        return Timestamp.utc(tomorrow).prefix(10) + "T12:00:00Z"
    }

    /// Every row of a CSV file, read with the product's own CSV reader.
    static func csvRows(_ path: String) throws -> [SourceRecord] {
        let reader = CSVReader(source: try FileSource(path: path), name: path, options: .init())
        var rows: [SourceRecord] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// A CSV's rows as column → value (the first of a repeated column).
    static func csvDictionaries(_ path: String) throws -> [[String: String]] {
        try self.csvRows(path).map { row in
            Dictionary(row.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// `count` distinct valid Saudi mobiles starting at `first`, with a name and an order each.
    static func recipientsCSV(count: Int, first: Int = 0) -> String {
        var csv = "first_name,mobile,order\n"
        csv.reserveCapacity(count * 40)
        for index in first..<(first + count) { csv += "N\(index),+9665\(String(format: "%08d", index)),O\(index)\n" }
        return csv
    }

    /// An `Etc/GMT±N` zone in which the local hour is `localHour` right now, so a
    /// test about the send window holds at any hour it runs (Etc names count the other way: UTC+3 is Etc/GMT-3).
    static func zone(localHour: Int) -> (name: String, offsetHours: Int) {
        var utc = tm()
        var now = time(nil)
        gmtime_r(&now, &utc)
        var offset = localHour - Int(utc.tm_hour)
        if offset < -12 { offset += 24 }
        if offset > 14 { offset -= 24 }
        return (offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-\(offset)" : "Etc/GMT+\(-offset)", offset)
    }

    /// Every phone of every campaign, read back from the sandbox page by page: the truth about who was messaged.
    static func sandboxPhones(_ sandbox: SandboxProcess) async throws -> [String: [String]] {
        let client = CubeClient(
            configuration: CubeConfiguration(baseURL: sandbox.baseURL, apiKey: "sandbox-key", requestTimeout: 60))
        var phones: [String: [String]] = [:]
        for campaign in try await self.sandboxCampaigns(sandbox) {
            var page = 1
            var list: [String] = []
            while true {
                let answer = try await client.recipients(campaignId: campaign.campaignId, page: page, perPage: 100)
                list += answer.recipients.map(\.phone)
                if page >= answer.pagination.lastPage { break }
                page += 1
            }
            phones[campaign.campaignId] = list
        }
        return phones
    }

    /// From the sandbox's own record: no phone is in two campaigns (or twice in one), and every
    /// phone of the run's recipients.ndjson is in one.
    static func expectEachPhoneOnce(_ sandbox: SandboxProcess, run: String, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        var seen: [String: String] = [:]
        var twice: [String] = []
        for (campaign, phones) in try await self.sandboxPhones(sandbox) {
            for phone in phones {
                let digits = phone.filter(\.isNumber)
                if seen[digits] != nil { twice.append(digits) }
                seen[digits] = campaign
            }
        }
        #expect(twice.isEmpty, "\(twice.count) phone(s) messaged twice, e.g. \(twice.prefix(3))", sourceLocation: sourceLocation)
        let text = try String(contentsOfFile: run + "/recipients.ndjson", encoding: .utf8)
        let expected = Set(
            text.split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return (object["phone"] as? String)?.filter(\.isNumber)
            })
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
        #expect(
            Set(seen.keys) == expected,
            "\(expected.subtracting(seen.keys).count) never messaged, \(Set(seen.keys).subtracting(expected).count) not of this run",
            sourceLocation: sourceLocation)
    }

    /// Runs campaign-submit `times` times, each killed (SIGKILL) at a random moment, then until it
    /// finishes (at most 15 more runs): whether it finished.
    static func submitKilledAtRandom(_ common: [String], environment env: [String: String], times: Int = 20) throws -> Bool {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<times {
            let process = Process()
            process.executableURL = Executables.binDirectory.appendingPathComponent("campaign-submit")
            process.arguments = common
            process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 50_000...1_500_000, using: &generator))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        var finished = false
        for _ in 0..<15 where !finished {
            finished = try Executables.run("campaign-submit", common, environment: env).status == 0
        }
        return finished
    }

    /// The tests' usual pipeline (order_confirmation in Arabic, the recipientsCSV columns, any
    /// possible Saudi number), named, with `extra` keys at the end.
    static func plainPipeline(_ name: String, extra: String = "") throws -> String {
        try Self.pipeline(
            """
            name: \(name)
            account: sandbox-account
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
            phone: {region: SA, accept: possible}
            \(extra)
            """)
    }

    static func pipeline(_ body: String) throws -> String {
        let path = NSTemporaryDirectory() + "cube-e2e-pipeline-\(UUID().uuidString.prefix(8)).yaml"
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
