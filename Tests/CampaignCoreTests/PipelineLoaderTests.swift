import Testing
@testable import CampaignCore
import Foundation
import Sysexits

@Suite("Pipeline files")
struct PipelineLoaderTests {
    let valid = """
        name: offer-reminder
        account: ${CUBE_ACCOUNT_ID}
        template: {name: order_confirmation, language: ar}
        mapping:
          phone: Mobile
          name: First Name
          variables: {"1": First Name, "2": Order, "3": {value: CUBE20}}
        phone: {region: SA, accept: valid}
        reject_limit: 5%
        batch_size: 50000
        schedule: {at: "2026-05-01T09:00:00", timezone: Asia/Riyadh, window: "09:00-21:00"}
        """

    func load(_ text: String, env: [String: String] = ["CUBE_ACCOUNT_ID": "acct-1"]) throws -> Pipeline {
        try PipelineLoader(environment: env).parse(text, path: "pipelines/x.yaml")
    }

    @Test("every documented key is understood")
    func documentedKeys() throws {
        let pipeline = try self.load(self.valid)
        #expect(pipeline.account == "acct-1")
        #expect(pipeline.mapping.variables.map(\.key) == ["1", "2", "3"])
        #expect(pipeline.mapping.variables[2].source == .constant("CUBE20"))
        #expect(pipeline.rejectLimit == .share(0.05))
        #expect(pipeline.schedule.windowStart == 540)
    }

    @Test("language: picks a column, maps cells to codes, falls back to a code, to the template's or to a reject")
    func language() throws {
        let pipeline = try self.load(
            self.valid + "\nlanguage: {column: Language, map: {Arabic: ar, عربي: ar, English: en_US}, fallback: ar}\n")
        let choice = try #require(pipeline.language)
        #expect(choice.column == "Language")
        #expect(choice.map.map(\.cell) == ["Arabic", "عربي", "English"])
        #expect(choice.fallback == .language("ar"))
        let table = choice.lookup(codes: choice.codes(default: pipeline.template.language))
        #expect(choice.resolve(" english ", in: table)?.code == "en_US")
        #expect(choice.resolve("EN-us", in: table).map { [$0.code, "\($0.fellBack)"] } == ["en_US", "false"])
        #expect(choice.resolve("AR", in: table).map { [$0.code, "\($0.fellBack)"] } == ["ar", "false"])
        #expect(choice.resolve("Klingon", in: table).map { [$0.code, "\($0.fellBack)"] } == ["ar", "true"])
        #expect(choice.resolve(nil, in: table)?.fellBack == true)
        let rejecting = try self.load(self.valid + "\nlanguage: {column: Language, fallback: reject}\n").language
        #expect(rejecting?.fallback == .reject)
        let choice2 = try #require(rejecting)
        #expect(choice2.resolve("fr", in: choice2.lookup(codes: choice2.codes(default: "ar"))) == nil)
        #expect(try self.load(self.valid + "\nlanguage: {column: Language}\n").language?.fallback == .language("ar"))
        #expect(throws: CampaignError.self) {
            try self.load(self.valid + "\nlanguage: {column: Language, map: {Arabic: arabic language}}\n")
        }
    }

    @Test("filter: rules of one column and one test each, compared trimmed and without case")
    func filter() throws {
        let pipeline = try self.load(
            self.valid + "\nfilter:\n  - {column: City, in: [Riyadh, Jeddah]}\n  - {column: Consent, not_in: [\"no\", \"0\"]}\n")
        #expect(pipeline.filter.map(\.description) == ["City in [Riyadh, Jeddah]", "Consent not_in [no, 0]"])
        #expect(pipeline.filter[0].keeps(" RIYADH "))
        #expect(!pipeline.filter[0].keeps("Dammam") && !pipeline.filter[0].keeps(nil))
        #expect(pipeline.filter[1].keeps(nil) && pipeline.filter[1].keeps("yes") && !pipeline.filter[1].keeps(" No"))
        for bad in [
            "filter: [{column: City}]", "filter: [{column: City, in: [a], not_in: [b]}]", "filter: [{in: [a]}]",
            "filter: [{column: City, in: []}]", "filter: [{column: City, equals: a}]",
        ] {
            #expect(throws: CampaignError.self, "\(bad)") { try self.load(self.valid + "\n" + bad + "\n") }
        }
    }

    @Test("notify: the key `on` is read as written (YAML 1.1 readers make it true), secret_env names a set variable")
    func notify() throws {
        let text =
            self.valid
            + "\nnotify:\n  - {url: \"${SLACK_WEBHOOK_URL}\", format: slack, on: [finished, paused, failed]}\n"
            + "  - {url: \"https://hooks.example/cube?token=x\", on: [finished, rejected_file], secret_env: CUBE_NOTIFY_SECRET}\n"
        let env = [
            "CUBE_ACCOUNT_ID": "a", "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T/B/secret", "CUBE_NOTIFY_SECRET": "s",
        ]
        let pipeline = try self.load(text, env: env)
        #expect(pipeline.notify.count == 2)
        #expect(pipeline.notify[0].events == [.finished, .paused, .failed] && pipeline.notify[0].format == .slack)
        #expect(pipeline.notify[1].events == [.finished, .rejectedFile] && pipeline.notify[1].format == .json)
        #expect(pipeline.notify[0].shown == "https://hooks.slack.com/…", "the URL is never shown whole")
        var unset = env
        unset["CUBE_NOTIFY_SECRET"] = nil
        #expect(throws: CampaignError.self) { try self.load(text, env: unset) }
        #expect(throws: CampaignError.self) { try self.load(self.valid + "\nnotify: [{url: \"ftp://x\", on: [finished]}]\n") }
        #expect(throws: CampaignError.self) { try self.load(self.valid + "\nnotify: [{url: \"https://x\", on: [done]}]\n") }
    }

    @Test("a misspelt key names its line and suggests the right one")
    func typo() throws {
        let text = self.valid.replacingOccurrences(of: "mapping:", with: "mapin:")
        #expect {
            _ = try self.load(text)
        } throws: { error in
            let text = "\(error)"
            return text.contains("pipelines/x.yaml:4:") && text.contains("mapin") && text.contains("did you mean 'mapping'")
                && (error as? CampaignError)?.status == .config
        }
    }

    @Test("an unset variable is named")
    func missingVariable() throws {
        #expect {
            _ = try self.load(self.valid, env: [:])
        } throws: { error in
            "\(error)".contains("CUBE_ACCOUNT_ID") && "\(error)".contains("x.yaml:2")
        }
    }

    @Test("an API key in the file is refused")
    func secret() throws {
        #expect {
            _ = try self.load(self.valid + "\napi_key: abc123\n")
        } throws: { error in
            "\(error)".contains("CUBE_API_KEY") && !"\(error)".contains("abc123")
        }
    }

    @Test(
        "bad values name their key",
        arguments: [
            ("batch_size: 50000", "batch_size: 60000", "batch_size"),
            ("reject_limit: 5%", "reject_limit: lots", "reject_limit"),
            ("region: SA", "region: Saudi", "phone.region"),
            ("timezone: Asia/Riyadh", "timezone: Riyadh", "schedule.timezone"),
            ("window: \"09:00-21:00\"", "window: \"21:00-09:00\"", "schedule.window"),
            (
                "window: \"09:00-21:00\"", "window: \"09:00-21:00\", local_time: true",
                "schedule.at cannot go with schedule.local_time"
            ),
        ])
    func badValues(from: String, to: String, key: String) throws {
        #expect {
            _ = try self.load(self.valid.replacingOccurrences(of: from, with: to))
        } throws: { error in
            "\(error)".contains(key)
        }
    }

    @Test(
        "frequency_cap and max_failure_rate are read strictly",
        arguments: [
            ("frequency_cap: {same_template: 1/7d, any_template: 2/24h}", nil),
            ("frequency_cap: {any_template: 3/36h}\nmax_failure_rate: 20%", nil),
            ("frequency_cap: {same_template: 1/week}", "frequency_cap.same_template"),
            ("frequency_cap: {same_template: 0/7d}", "frequency_cap.same_template"),
            ("frequency_cap: {same_tempate: 1/7d}", "same_template"),
            ("frequency_cap: 1/7d", "frequency_cap"),
            ("max_failure_rate: 0.2", "max_failure_rate"),
            ("max_failure_rate: 0%", "max_failure_rate"),
        ] as [(String, String?)])
    func capsAndFailureRate(line: String, error key: String?) throws {
        let text = self.valid + "\n" + line
        guard let key else {
            let pipeline = try self.load(text)
            if line.contains("same_template") {
                #expect(
                    pipeline.frequencyCap
                        == FrequencyCap(sameTemplate: .init(count: 1, hours: 168), anyTemplate: .init(count: 2, hours: 24)))
                #expect(pipeline.frequencyCap.sameTemplate?.description == "1/7d")
            } else {
                #expect(pipeline.frequencyCap == FrequencyCap(anyTemplate: .init(count: 3, hours: 36)))
                #expect(pipeline.maxFailureRate == 0.2)
            }
            return
        }
        #expect {
            _ = try self.load(text)
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}
