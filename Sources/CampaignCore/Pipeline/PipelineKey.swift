internal import Yams

/// A key of the pipeline file: the one spelling the schema (`PipelineShape`, which refuses any other
/// key) and the loader (`NodeReader.build`, which reads them) share, so a key read under a name the
/// schema does not declare cannot happen. Not `ExpressibleByStringLiteral` on purpose: a key is one
/// of these constants, never a string typed again.
struct PipelineKey: Hashable, Sendable, CustomStringConvertible {
    let name: String

    private init(_ name: String) { self.name = name }

    /// A key as the file wrote it, to look up in the schema.
    init(found name: String) { self.name = name }

    var description: String { self.name }

    // Top level.
    static let name = PipelineKey("name")
    static let account = PipelineKey("account")
    static let template = PipelineKey("template")
    static let input = PipelineKey("input")
    static let mapping = PipelineKey("mapping")
    static let phone = PipelineKey("phone")
    static let dedupe = PipelineKey("dedupe")
    static let suppression = PipelineKey("suppression")
    static let suppressionAuto = PipelineKey("suppression_auto")
    static let rejectLimit = PipelineKey("reject_limit")
    static let frequencyCap = PipelineKey("frequency_cap")
    static let maxFailureRate = PipelineKey("max_failure_rate")
    static let testRecipients = PipelineKey("test_recipients")
    static let batchSize = PipelineKey("batch_size")
    static let schedule = PipelineKey("schedule")
    static let inbox = PipelineKey("inbox")
    static let report = PipelineKey("report")
    static let api = PipelineKey("api")
    static let filter = PipelineKey("filter")
    // language: (top level, beside template.language)
    static let column = PipelineKey("column")
    static let map = PipelineKey("map")
    static let fallback = PipelineKey("fallback")
    static let pace = PipelineKey("pace")
    static let notify = PipelineKey("notify")
    // notify:
    static let url = PipelineKey("url")
    static let on = PipelineKey("on")
    static let secretEnv = PipelineKey("secret_env")
    // pace:
    static let canary = PipelineKey("canary")
    static let canaryWait = PipelineKey("canary_wait")
    static let perHour = PipelineKey("per_hour")
    // filter:
    static let isIn = PipelineKey("in")
    static let notIn = PipelineKey("not_in")
    // template:
    static let language = PipelineKey("language")
    static let params = PipelineKey("params")
    // input:
    static let format = PipelineKey("format")
    static let encoding = PipelineKey("encoding")
    static let delimiter = PipelineKey("delimiter")
    static let header = PipelineKey("header")
    static let record = PipelineKey("record")
    static let sheet = PipelineKey("sheet")
    // mapping: (phone and name as above)
    static let variables = PipelineKey("variables")
    static let value = PipelineKey("value")
    static let field = PipelineKey("field")
    // phone:
    static let region = PipelineKey("region")
    static let accept = PipelineKey("accept")
    // frequency_cap:
    static let sameTemplate = PipelineKey("same_template")
    static let anyTemplate = PipelineKey("any_template")
    // schedule:
    static let at = PipelineKey("at")
    static let timezone = PipelineKey("timezone")
    static let window = PipelineKey("window")
    static let localTime = PipelineKey("local_time")
    // inbox:
    static let match = PipelineKey("match")
    // report:
    static let fetch = PipelineKey("fetch")
    // api:
    static let idempotencyKeys = PipelineKey("idempotency_keys")

    /// `parent.child` for messages.
    static func path(_ keys: PipelineKey...) -> String { keys.map(\.name).joined(separator: ".") }
}

extension Node.Mapping {
    subscript(_ key: PipelineKey) -> Node? { self[key.name] }
}
