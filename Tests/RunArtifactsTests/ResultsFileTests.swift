import CubeAPI
import Foundation
import RunArtifacts
import Testing

/// `results.ndjson` written by hand in the bytes `JSONEncoder` wrote before, and read back.
struct ResultsFileTests {
    static let examples = [
        ResultLine(
            campaignId: "01JABCDEFGHJKMNPQRSTVWXYZ0", part: "3", phone: "966501234567", status: .sent,
            messageLogId: "wamid.1", errorMessage: nil, sentAt: "2026-05-01T09:00:00Z"),
        ResultLine(
            campaignId: "c", part: "3.1", phone: "966501234567", status: .failed, messageLogId: nil,
            errorMessage: "(#131026) Message undeliverable \"quoted\" / slash\nnext", sentAt: nil),
        ResultLine(campaignId: "c", part: "1", phone: "1", status: "queued", messageLogId: nil, errorMessage: nil, sentAt: nil),
    ]

    @Test func writesWhatJSONEncoderWrote() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for example in Self.examples {
            var out: [UInt8] = []
            ResultsFile.encode(example, into: &out)
            #expect(out == Array(try encoder.encode(example)) + [0x0A])
        }
    }

    @Test func roundTripsThroughAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID()).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var out: [UInt8] = []
        for example in Self.examples { ResultsFile.encode(example, into: &out) }
        // Another writer's spelling of the same line is read by the general parser.
        out += Array(#"{"unit":"9","status":"sent","phone":"2","campaign_id":"d"}"#.utf8) + [0x0A]
        try Data(out).write(to: URL(fileURLWithPath: path))
        var read: [ResultLine] = []
        try ResultsFile.forEach(path: path) { read.append($0) }
        #expect(Array(read.prefix(3)) == Self.examples)
        #expect(
            read.last
                == ResultLine(
                    campaignId: "d", part: "9", phone: "2", status: .sent, messageLogId: nil, errorMessage: nil, sentAt: nil))
    }

    @Test(arguments: [#"{"campaign_id":"c","phone":"1"#, #"{"campaign_id":"c","phone":"1","status":"sent"}"#, "\u{FF}"])
    func refusesWithFileAndLine(text: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID()).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var out: [UInt8] = []
        ResultsFile.encode(Self.examples[0], into: &out)
        try Data(out + Array(text.utf8) + [0x0A]).write(to: URL(fileURLWithPath: path))
        #expect {
            try ResultsFile.forEach(path: path) { _ in }
        } throws: { error in
            "\(error)".hasPrefix("\(path):2: ")
        }
    }
}
