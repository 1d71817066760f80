public import RecipientIO

/// A campaign pipeline as its YAML file describes it (DESIGN.md §5), checked and typed.
public struct Pipeline: Sendable {
    public struct TemplateSpec: Sendable, Equatable {
        public var name: String
        public var language: String
        public var params: [String]
    }

    public struct InputSpec: Sendable, Equatable {
        public var format: InputFormat?
        public var encoding: TextEncoding?
        public var delimiter: UInt8?
        public var header = true
        public var record: String?
        /// Which sheet of a workbook holds the records.
        public var sheet: SheetChoice = .auto
    }

    public enum VariableSource: Sendable, Equatable {
        case field(String)
        case constant(String)
    }

    public struct MappingSpec: Sendable, Equatable {
        public var phone: String
        public var name: String?
        /// In the file's order, so artifacts list them the same way every time.
        public var variables: [(key: String, source: VariableSource)]

        public static func == (a: MappingSpec, b: MappingSpec) -> Bool {
            a.phone == b.phone && a.name == b.name && a.variables.map(\.key) == b.variables.map(\.key)
                && a.variables.map(\.source) == b.variables.map(\.source)
        }
    }

    public enum PhoneAcceptance: String, Sendable, CaseIterable {
        case valid, possible
    }

    public enum RejectLimit: Sendable, Equatable {
        case count(Int)
        case share(Double)

        public func allows(rejects: Int, of total: Int) -> Bool {
            switch self {
            case .count(let limit): rejects <= limit
            case .share(let share): Double(rejects) <= share * Double(total)
            }
        }

        public var description: String {
            switch self {
            case .count(let limit): "\(limit) records"
            case .share(let share): "\(share * 100)% of records"
            }
        }
    }

    public struct ScheduleSpec: Sendable, Equatable {
        public var at: String?
        public var timezone: String
        /// Minutes after midnight: the daily send window (00:00-24:00 when the pipeline sets none).
        public var windowStart: Int
        public var windowEnd: Int
        /// `local_time`: each recipient's window in the zone of their number's region, a part per zone group.
        public var localTime = false

        public init(at: String?, timezone: String, windowStart: Int, windowEnd: Int, localTime: Bool = false) {
            self.at = at
            self.timezone = timezone
            self.windowStart = windowStart
            self.windowEnd = windowEnd
            self.localTime = localTime
        }
    }

    public enum FetchMode: String, Sendable, CaseIterable {
        case full, failures, auto
    }

    public var name: String
    public var account: String
    public var template: TemplateSpec
    public var input: InputSpec
    public var mapping: MappingSpec
    public var region: String
    public var accept: PhoneAcceptance
    public var dedupe: Bool
    public var suppression: [String]
    /// Apply (and let report add) the contact history's opt-outs: `suppression_auto`, on by default.
    public var suppressionAuto = true
    public var rejectLimit: RejectLimit
    /// At most so many messages per person per period (`frequency_cap`); empty: no cap.
    public var frequencyCap = FrequencyCap()
    /// Report cancels the run's scheduled parts once more than this share of its finished
    /// recipients failed (`max_failure_rate`); nil: never.
    public var maxFailureRate: Double?

    /// The share a canary is judged against: `max_failure_rate`, or 20% when a canary is set and it is not.
    public var canaryFailureRate: Double? {
        self.pace?.canary == nil ? nil : self.maxFailureRate ?? PaceSpec.defaultCanaryFailureRate
    }
    /// Where `campaign-submit --test` sends its test campaign (`test_recipients`): the team's own phones.
    public var testRecipients: [String] = []
    /// Each recipient's template language from a column (`language:`); nil: every one gets `template.language`.
    public var language: LanguageChoice?
    /// Only the records every rule keeps are sent (`filter:`); the others are `filtered`.
    public var filter: [FilterRule] = []
    /// A canary first, the rest after it and at most so many an hour (`pace:`); nil: every part at once.
    public var pace: PaceSpec?
    /// Who is told how a run went, and of what (`notify:`).
    public var notify: [NotifyTarget] = []
    public var batchSize: Int
    public var schedule: ScheduleSpec
    public var inboxMatch: [String]
    public var fetch: FetchMode
    /// Whether the endpoint may be trusted to honour `Idempotency-Key` (the sandbox does).
    public var trustIdempotencyKeys: Bool
    /// Where the file was read from, and the SHA-256 of its text.
    public var path: String
    public var digest: String
}
