import AsyncHTTPClient
import CubeAPI
import Foundation
import NIOCore
import RecipientIO

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
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: sandbox.baseURL + "/_sandbox/campaigns"),
                                                           timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 24)
        return try JSONDecoder().decode(Envelope<[SandboxCampaignSummary]>.self, from: Data(body.readableBytesView)).data
    }

    /// Moves the sandbox's virtual clock on, so scheduled and running campaigns progress at once.
    static func advanceClock(_ sandbox: SandboxProcess, seconds: Double) async throws {
        var request = HTTPClientRequest(url: sandbox.baseURL + "/_sandbox/clock")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{\"advance\": \(seconds)}"))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    }

    /// Every row of a CSV file, read with the product's own CSV reader.
    static func csvRows(_ path: String) throws -> [SourceRecord] {
        let reader = CSVReader(source: try FileSource(path: path), name: path, options: .init())
        var rows: [SourceRecord] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// `count` distinct valid Saudi mobiles starting at `first`, with a name and an order each.
    static func recipientsCSV(count: Int, first: Int = 0) -> String {
        var csv = "first_name,mobile,order\n"
        csv.reserveCapacity(count * 40)
        for index in first..<(first + count) { csv += "N\(index),+9665\(String(format: "%08d", index)),O\(index)\n" }
        return csv
    }

    static func pipeline(_ body: String) throws -> String {
        let path = NSTemporaryDirectory() + "cube-e2e-pipeline-\(UUID().uuidString.prefix(8)).yaml"
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
