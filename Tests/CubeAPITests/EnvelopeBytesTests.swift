import Foundation
import Testing

@testable import CubeAPI

/// A recipients page read from its bytes gives exactly what `JSONDecoder` gives, and
/// anything it does not expect is left to `JSONDecoder` (nil), never half-read.
struct EnvelopeBytesTests {
    static func decoded(_ text: String) -> RecipientPage? {
        Array(text.utf8).withUnsafeBytes { RecipientPage.fromEnvelope($0) }
    }

    static func reference(_ text: String) throws -> RecipientPage {
        try JSONDecoder().decode(Envelope<RecipientPage>.self, from: Data(text.utf8)).data
    }

    @Test func readsWhatJSONDecoderReads() throws {
        let page = RecipientPage(
            campaignId: "01JABC",
            recipients: [
                RecipientResult(
                    phone: "966501234567", name: "Sara \"S\" \u{1F600}", status: .sent, messageLogId: "wamid.1",
                    errorMessage: nil,
                    sentAt: "2026-05-01T09:00:00Z"),
                RecipientResult(
                    phone: "966501234568", name: nil, status: .failed, messageLogId: nil,
                    errorMessage: "(#131026) Message undeliverable\n/\\", sentAt: nil),
            ], pagination: Pagination(currentPage: 2, perPage: 100, total: 102, lastPage: 2))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(Envelope(data: page)), as: UTF8.self)
        #expect(Self.decoded(text) == page)
        #expect(try Self.reference(text) == page)
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted]
        let spaced = String(decoding: try pretty.encode(Envelope(data: page)), as: UTF8.self)
        #expect(Self.decoded(spaced) == page)
    }

    @Test func takesKeysInAnyOrderAndSkipsUnknownOnes() throws {
        let text = """
            {"data":{"pagination":{"last_page":1,"total":1,"per_page":100,"current_page":1,"links":{"next":null}},
             "extra":[1,2.5e3,{"a":[true,false,null]}],
             "recipients":[{"status":"pending","phone":"1","sent_at":null,"cost":-0.5}],"campaign_id":"c"},"success":true,"meta":{}}
            """
        #expect(Self.decoded(text) == (try Self.reference(text)))
        #expect(Self.decoded(text)?.recipients.first?.status == .pending)
    }

    @Test(arguments: [
        #"{"success":true,"data":{"campaign_id":"c","recipients":[{"status":"sent"}],"pagination":{"current_page":1,"per_page":100,"total":1,"last_page":1}}}"#,
        #"{"success":true,"data":{"campaign_id":"c","recipients":[],"pagination":{"current_page":1.0,"per_page":100,"total":1,"last_page":1}}}"#,
        #"{"success":true,"data":{"campaign_id":"c","recipients":[{"phone":1,"status":"sent"}],"pagination":{"current_page":1,"per_page":100,"total":1,"last_page":1}}}"#,
        #"{"success":true,"data":{"campaign_id":"c","recipients":[],"pagination":{"current_page":1,"per_page":100,"total":1,"last_page":1}}} trailing"#,
        #"{"success":true,"data":{"campaign_id":"c","recipients":[],"pagination":{"current_page":1,"per_page":100,"total":1,"last_page":1}}"#,
        #"{"success":true}"#,
        "",
    ])
    func leavesTheUnexpectedToJSONDecoder(text: String) {
        #expect(Self.decoded(text) == nil)
    }

    @Test func classifiesByBytesAsBefore() {
        #expect(
            MessageFailure.classify(
                "(#131026) Message undeliverable: the recipient is not on WhatsApp or cannot receive this message")
                == .notOnWhatsApp)
        #expect(MessageFailure.classify("delivery Timeout after 30s") == .timedOut)
        #expect(MessageFailure.classify("(#131049) x; also (#131050)") == .stoppedMarketing)
        #expect(MessageFailure.classify("") == nil)
        #expect(MessageFailure.classify("13102") == nil)
        #expect(MessageFailure.mentions("abc", "abcd") == false)
        #expect(MessageFailure.mentions("xxabc", "abc"))
    }
}
