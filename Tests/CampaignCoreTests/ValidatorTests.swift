import ArtifactText
import RecipientIO
import RunArtifacts
import Testing
@testable import CampaignCore

@Suite("Recipient validation")
struct ValidatorTests {
    func pipeline(dedupe: Bool = true) throws -> Pipeline {
        try PipelineLoader(environment: [:]).parse(
            """
            name: t
            account: a
            template: {name: order_confirmation, language: ar}
            mapping: {phone: mobile, name: name, variables: {"1": name, "2": order}}
            dedupe: \(dedupe ? "phone" : "none")
            """, path: "t.yaml")
    }

    func record(_ number: Int, _ fields: [String: String]) -> IngestedRecord {
        IngestedRecord(
            id: number, source: "in.csv", record: number, line: number + 1,
            fields: fields.sorted { $0.key < $1.key }.map { Field(name: $0.key, value: $0.value) }, reject: nil)
    }

    func reason(_ decision: RecipientValidator.Decision) -> String? {
        if case .reject(let reject) = decision { return reject.reason }
        return nil
    }

    @Test("each reason from a real row")
    func reasons() throws {
        let validator = RecipientValidator(pipeline: try self.pipeline(), suppressed: ["+966509999999"])
        #expect(self.reason(validator.decide(self.record(1, ["mobile": "0501234567", "name": "A", "order": "1"]))) == nil)
        #expect(self.reason(validator.decide(self.record(2, ["name": "B", "order": "2"]))) == "missing_phone")
        #expect(
            self.reason(validator.decide(self.record(3, ["mobile": "phone?", "name": "C", "order": "3"]))) == "invalid_phone")
        #expect(self.reason(validator.decide(self.record(4, ["mobile": "0512", "name": "D", "order": "4"]))) == "invalid_number")
        #expect(
            self.reason(validator.decide(self.record(5, ["mobile": "+966501234567", "name": "E", "order": "5"]))) == "duplicate")
        #expect(
            self.reason(validator.decide(self.record(6, ["mobile": "0509999999", "name": "F", "order": "6"]))) == "suppressed")
        #expect(
            self.reason(validator.decide(self.record(7, ["mobile": "0501111111", "name": "G", "order": " "])))
                == "missing_variable")
        #expect(
            self.reason(validator.decide(self.record(8, ["mobile": "0502222222", "name": "H", "order": "a\nb"])))
                == "bad_variable")
        #expect(
            self.reason(validator.decide(self.record(9, ["mobile": "0503333333", "name": "I", "order": "a     b"])))
                == "bad_variable")
        #expect(
            self.reason(
                validator.decide(
                    self.record(10, ["mobile": "0504444444", "name": "J", "order": String(repeating: "x", count: 1025)])))
                == "bad_variable")
    }

    @Test("a duplicate names the record it repeats, and the first one wins")
    func duplicateNamesFirst() throws {
        let validator = RecipientValidator(pipeline: try self.pipeline(), suppressed: [])
        _ = validator.decide(self.record(1, ["mobile": "0501234567", "name": "A", "order": "1"]))
        guard
            case .reject(let reject) = validator.decide(self.record(2, ["mobile": "00966501234567", "name": "B", "order": "2"]))
        else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(reject.message.contains("record 1 of in.csv"))
    }

    @Test("dedupe: none keeps repeats")
    func noDedupe() throws {
        let validator = RecipientValidator(pipeline: try self.pipeline(dedupe: false), suppressed: [])
        _ = validator.decide(self.record(1, ["mobile": "0501234567", "name": "A", "order": "1"]))
        #expect(self.reason(validator.decide(self.record(2, ["mobile": "0501234567", "name": "B", "order": "2"]))) == nil)
    }

    @Test(
        "spreadsheet formulas are neutralised, numbers and phones are not",
        arguments: [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+966501234567", "+966501234567"),
            ("-12.5", "-12.5"), ("@SUM(A1)", "'@SUM(A1)"), ("-cmd", "'-cmd"), ("plain", "plain"), ("\tx", "'\tx"),
        ])
    func neutralise(input: String, expected: String) {
        #expect(SpreadsheetCSV.neutralised(input) == expected)
    }
}
