import RecipientIO
import RunArtifacts
import Testing
@testable import CampaignCore
import Foundation

/// Control characters and bidi overrides in names and variables are data rejects, found by bytes
/// on both of validate's paths, and shown (never obeyed) wherever text reaches a terminal.
@Suite("Control characters")
struct ControlCharacterTests {
    let rows = ValidatorTests()

    @Test(
        "ESC, C1 and bidi overrides in a name or a variable are rejected as control_character naming the field; tabs and line breaks in a variable stay bad_variable"
    )
    func rejected() throws {
        let validator = RecipientValidator(pipeline: try self.rows.pipeline(), suppressed: [])
        func reject(_ number: Int, name: String, order: String) -> Reject? {
            if case .reject(let reject) = validator.decide(
                self.rows.record(number, ["mobile": "05012345\(String(format: "%02d", number))", "name": name, "order": order]))
            {
                return reject
            }
            return nil
        }
        let escape = try #require(reject(1, name: "A\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}[31mB", order: "1"))
        #expect(escape.reason == "control_character" && escape.field == "name")
        #expect(escape.message.contains("U+001B"))
        #expect(
            !escape.value.unicodeScalars.contains { $0.value == 0x1B },
            "the value in rejects.csv is shown, not obeyed: \(escape.value)")
        #expect(reject(2, name: "Next\u{0085}Line", order: "2")?.reason == "control_character")
        let bidi = try #require(reject(3, name: "Sara", order: "ORD\u{202E}9901"))
        #expect(bidi.reason == "control_character" && bidi.field == "order" && bidi.message.contains("U+202E"))
        #expect(reject(4, name: "Isolate\u{2067}x", order: "4")?.reason == "control_character")
        #expect(reject(5, name: "Bell\u{7F}", order: "5")?.reason == "control_character")
        #expect(reject(6, name: "Ok", order: "a\nb")?.reason == "bad_variable")
        #expect(reject(7, name: "محمد", order: "٧٨٩") == nil, "Arabic letters and digits are not controls")
        #expect(
            reject(8, name: "Zoë — “quoted”", order: "€1") == nil,
            "other two- and three-byte characters (C2 A0 and up, E2 80 94) are not controls")
    }

    @Test("visible() writes each control out and keeps line breaks only when asked")
    func visible() {
        #expect(ControlCharacters.visible("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
        #expect(ControlCharacters.visible("x\u{202E}y\nz") == "x\\u{202E}y\\u{A}z")
        #expect(ControlCharacters.visible("x\u{202E}y\nz", lines: true) == "x\\u{202E}y\nz")
        #expect(ControlCharacters.visible("plain العربية") == "plain العربية")
        #expect(ControlCharacters.first(in: Array("\u{00A0}\u{2014}\u{2069}".utf8)) == "U+2069")
    }
}
