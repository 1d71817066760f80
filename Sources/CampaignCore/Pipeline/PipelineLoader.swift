import ArtifactText
import CubeAPI
public import Foundation
import RecipientIO
import Yams
import Sysexits

/// Reads a pipeline file strictly: an unknown key, a wrong type or a bad value
/// is an error naming the file, the line and the key (exit 78); `${ENV}` is
/// substituted in values, and a secret written into the file is refused.
public struct PipelineLoader {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func load(path: String) throws -> Pipeline {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CampaignError(
                .config, "\(path): cannot read the pipeline file (\(error.localizedDescription))",
                hint: "pass --pipeline pipelines/NAME.yaml")
        }
        return try self.parse(text, path: path)
    }

    public func parse(_ text: String, path: String) throws -> Pipeline {
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else {
                throw CampaignError(.config, "\(path): the pipeline file is empty")
            }
            node = parsed
        } catch let error as YamlError {
            throw CampaignError(.config, "\(path): not valid YAML: \(error)")
        }
        let reader = NodeReader(path: path, environment: self.environment)
        try reader.check(node, against: .pipeline, at: "")
        return try reader.build(node, digest: Hashing.sha256Hex(text))
    }
}

/// Walks the parsed YAML with its line marks and turns it into a `Pipeline`.
struct NodeReader {
    let path: String
    let environment: [String: String]

    func fail(_ node: Node?, _ message: String, hint: String? = nil) -> CampaignError {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        return CampaignError(.config, "\(self.path)\(line): \(message)", hint: hint)
    }

    func check(_ node: Node, against shape: PipelineShape, at keyPath: String) throws {
        switch shape {
        case .scalar:
            guard node.scalar != nil else { throw self.fail(node, "\(keyPath) must be a single value") }
        case .list(let element):
            if node.scalar != nil {
                try self.check(node, against: element, at: keyPath)  // a single item is a list of one
                return
            }
            guard let sequence = node.sequence else { throw self.fail(node, "\(keyPath) must be a list") }
            for item in sequence { try self.check(item, against: element, at: keyPath) }
        case .scalarOr(let alternative):
            if node.scalar != nil { return }
            try self.check(node, against: alternative, at: keyPath)
        case .dictionary(let value):
            guard let mapping = node.mapping else { throw self.fail(node, "\(keyPath) must be a mapping of keys to values") }
            for (key, child) in mapping {
                try self.check(child, against: value, at: keyPath + "." + (key.string ?? "?"))
            }
        case .fields(let known):
            guard let mapping = node.mapping else {
                throw self.fail(node, "\(keyPath.isEmpty ? "the file" : keyPath) must be a mapping")
            }
            var seen = Set<String>()
            for (keyNode, child) in mapping {
                let key = keyNode.string ?? ""
                let full = keyPath.isEmpty ? key : keyPath + "." + key
                if SecretKeys.looksSecret(key) {
                    throw self.fail(
                        keyNode, "'\(full)' looks like a secret; never put an API key in a pipeline file",
                        hint: "set CUBE_API_KEY (or CUBE_API_KEY_FILE) in the environment instead")
                }
                guard let childShape = known[PipelineKey(found: key)] else {
                    let suggestion =
                        Suggestion.closest(to: key, in: known.keys.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw self.fail(
                        keyNode, "unknown key '\(full)'\(suggestion)",
                        hint: "known keys here: \(known.keys.map(\.name).sorted().joined(separator: ", "))")
                }
                guard seen.insert(key).inserted else { throw self.fail(keyNode, "'\(full)' is given twice") }
                try self.check(child, against: childShape, at: full)
            }
        }
    }

    /// A scalar's text with `${NAME}` replaced from the environment.
    func string(_ node: Node?) throws -> String? {
        guard let node, let scalar = node.scalar else { return nil }
        if scalar.tag.description.hasSuffix("null") || (scalar.string == "~" || scalar.string == "null") && scalar.style == .plain
        {
            return nil
        }
        return try self.substitute(scalar.string, node: node)
    }

    func substitute(_ text: String, node: Node) throws -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw self.fail(node, "unclosed ${ in '\(text)'")
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = self.environment[name], !value.isEmpty else {
                throw self.fail(
                    node, "the environment variable \(name) is not set (used as ${\(name)})",
                    hint: "export \(name)=… before running, or write the value in the file")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    func required(_ mapping: Node.Mapping, _ key: PipelineKey, at keyPath: String, in node: Node) throws -> String {
        guard let value = try self.string(mapping[key]), !value.isEmpty else {
            throw self.fail(mapping[key] ?? node, "'\(keyPath)' is required")
        }
        return value
    }

    func strings(_ node: Node?) throws -> [String] {
        guard let node else { return [] }
        if node.scalar != nil { return try self.string(node).map { [$0] } ?? [] }
        return try (node.sequence ?? []).compactMap { try self.string($0) }
    }

    /// The pipeline, one key (or group of keys) at a time; each step names its
    /// key and line when the value is wrong.
    func build(_ root: Node, digest: String) throws -> Pipeline {
        guard let top = root.mapping else { throw self.fail(root, "the file must be a mapping") }
        let name = try self.required(top, .name, at: PipelineKey.path(.name), in: root)
        guard name.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
            throw self.fail(top[.name], "name '\(name)' may hold letters, digits, '.', '_' and '-' only (at most 64)")
        }
        // In the file's usual order, so the first problem named is the first a person meets.
        let account = try self.required(top, .account, at: PipelineKey.path(.account), in: root)
        let template = try self.templateSpec(top[.template], root: root)
        let input = try self.inputSpec(top[.input])
        let mapping = try self.mappingSpec(top[.mapping], root: root)
        let phone = try self.phoneSpec(top[.phone])
        let dedupe = try self.oneOf(top[.dedupe], "dedupe", ["phone", "none"]) ?? "phone" == "phone"
        let rejectLimit = try self.rejectLimit(top[.rejectLimit])
        let batchSize = try self.batchSize(top[.batchSize])
        let schedule = try self.scheduleSpec(top[.schedule])
        let fetch = try self.closed(top[.report]?.mapping?[.fetch], "report.fetch", as: Pipeline.FetchMode.self) ?? .auto
        let trust =
            try self.oneOf(
                top[.api]?.mapping?[.idempotencyKeys], "api.idempotency_keys",
                ["trusted", "untrusted"]) ?? "trusted" == "trusted"
        var pipeline = Pipeline(
            name: name, account: account, template: template, input: input, mapping: mapping, region: phone.region,
            accept: phone.accept, dedupe: dedupe, suppression: try self.strings(top[.suppression]), rejectLimit: rejectLimit,
            batchSize: batchSize, schedule: schedule, inboxMatch: try self.strings(top[.inbox]?.mapping?[.match]),
            fetch: fetch, trustIdempotencyKeys: trust, path: self.path, digest: digest)
        if let value = try self.string(top[.suppressionAuto]) {
            guard let auto = Bool(yaml: value) else {
                throw self.fail(top[.suppressionAuto], "suppression_auto must be true or false")
            }
            pipeline.suppressionAuto = auto
        }
        pipeline.frequencyCap = try self.frequencyCap(top[.frequencyCap])
        pipeline.testRecipients = try self.strings(top[.testRecipients])
        if let node = top[.maxFailureRate], let value = try self.string(node) {
            guard value.hasSuffix("%"), let share = Double(value.dropLast()), share > 0, share <= 100 else {
                throw self.fail(node, "max_failure_rate must be a share above 0% and at most 100% (20%)")
            }
            pipeline.maxFailureRate = share / 100
        }
        pipeline.language = try self.languageChoice(top[.language], template: template)
        pipeline.filter = try self.filterRules(top[.filter])
        pipeline.pace = try self.paceSpec(top[.pace], schedule: schedule)
        pipeline.notify = try self.notifyTargets(top[.notify])
        return pipeline
    }

    func frequencyCap(_ node: Node?) throws -> FrequencyCap {
        guard let node else { return FrequencyCap() }
        guard let fields = node.mapping else {
            throw self.fail(
                node, "frequency_cap must be a mapping", hint: "frequency_cap: {same_template: 1/7d, any_template: 2/24h}")
        }
        func limit(_ key: PipelineKey) throws -> FrequencyCap.Limit? {
            guard let value = try self.string(fields[key]) else { return nil }
            guard let limit = FrequencyCap.Limit(value) else {
                throw self.fail(
                    fields[key], "frequency_cap.\(key) must be a count per period in hours or days, such as 1/7d or 2/24h")
            }
            return limit
        }
        return FrequencyCap(sameTemplate: try limit(.sameTemplate), anyTemplate: try limit(.anyTemplate))
    }

    func templateSpec(_ node: Node?, root: Node) throws -> Pipeline.TemplateSpec {
        guard let node, let template = node.mapping else {
            throw self.fail(root, "'template' is required", hint: "template: {name: order_confirmation, language: ar}")
        }
        return Pipeline.TemplateSpec(
            name: try self.required(template, .name, at: PipelineKey.path(.template, .name), in: node),
            language: try self.required(template, .language, at: PipelineKey.path(.template, .language), in: node),
            params: try self.strings(template[.params]))
    }

    func phoneSpec(_ node: Node?) throws -> (region: String, accept: Pipeline.PhoneAcceptance) {
        guard let phone = node?.mapping else { return ("SA", .valid) }
        var region = "SA"
        if let value = try self.string(phone[.region]) {
            guard value.count == 2, value.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                throw self.fail(phone[.region], "phone.region must be a two-letter country code such as SA")
            }
            region = value.uppercased()
        }
        return (region, try self.closed(phone[.accept], "phone.accept", as: Pipeline.PhoneAcceptance.self) ?? .valid)
    }

    func rejectLimit(_ node: Node?) throws -> Pipeline.RejectLimit {
        guard let value = try self.string(node) else { return .share(0.05) }
        if value.hasSuffix("%"), let share = Double(value.dropLast()), (0...100).contains(share) { return .share(share / 100) }
        if let count = Int(value), count >= 0 { return .count(count) }
        throw self.fail(node, "reject_limit must be a count (50) or a share (5%)")
    }

    func batchSize(_ node: Node?) throws -> Int {
        guard let value = try self.string(node) else { return 50_000 }
        guard let size = Int(value), (1...50_000).contains(size) else {
            throw self.fail(node, "batch_size must be between 1 and 50000 (the API's maximum)")
        }
        return size
    }

    /// A closed value: one of the type's cases by name, or an error listing them.
    func closed<Value: RawRepresentable & CaseIterable>(_ node: Node?, _ key: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = try self.oneOf(node, key, Value.allCases.map(\.rawValue)) else { return nil }
        return Value(rawValue: text)
    }

    /// One of `values`, or an error listing them.
    func oneOf(_ node: Node?, _ key: String, _ values: [String]) throws -> String? {
        guard let value = try self.string(node) else { return nil }
        guard values.contains(value) else {
            let list =
                values.count > 1 ? values.dropLast().joined(separator: ", ") + " or " + (values.last ?? "") : values.joined()
            throw self.fail(node, "\(key) must be \(list)")
        }
        return value
    }

    func inputSpec(_ node: Node?) throws -> Pipeline.InputSpec {
        var spec = Pipeline.InputSpec()
        guard let input = node?.mapping else { return spec }
        // The accepted values are the enum's cases (and auto): a new format is named here by adding it there.
        let format = try self.oneOf(input[.format], "input.format", ["auto"] + InputFormat.allCases.map(\.rawValue))
        if let format, format != "auto" { spec.format = InputFormat(rawValue: format) }
        if let value = try self.string(input[.encoding]), value != "auto" {
            guard let encoding = TextEncoding(name: value) else {
                throw self.fail(
                    input[.encoding], "input.encoding '\(value)' is not supported",
                    hint: "use one of: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            spec.encoding = encoding
        }
        if let value = try self.string(input[.delimiter]), value != "auto" {
            guard let delimiter = DelimiterName.byte(value) else {
                throw self.fail(input[.delimiter], "input.delimiter must be auto, \",\", \";\", \"\\t\" or \"|\"")
            }
            spec.delimiter = delimiter
        }
        if let value = try self.string(input[.header]) {
            guard let header = Bool(yaml: value) else { throw self.fail(input[.header], "input.header must be true or false") }
            spec.header = header
        }
        spec.record = try self.string(input[.record])
        if let sheet = try self.string(input[.sheet]) { spec.sheet = SheetChoice(sheet) }
        return spec
    }

    func mappingSpec(_ node: Node?, root: Node) throws -> Pipeline.MappingSpec {
        guard let node, let mapping = node.mapping else {
            throw self.fail(root, "'mapping' is required", hint: "mapping: {phone: Mobile, name: First Name}")
        }
        let phone = try self.required(mapping, .phone, at: PipelineKey.path(.mapping, .phone), in: node)
        let name = try self.string(mapping[.name])
        var variables: [(key: String, source: Pipeline.VariableSource)] = []
        for (keyNode, value) in mapping[.variables]?.mapping ?? [:] {
            let key = keyNode.string ?? ""
            if value.scalar != nil {
                guard let field = try self.string(value), !field.isEmpty else {
                    throw self.fail(value, "mapping.variables.\(key) needs a field name or {value: …}")
                }
                variables.append((key, .field(field)))
            } else if let inner = value.mapping {
                if let constant = try self.string(inner[.value]) {
                    variables.append((key, .constant(constant)))
                } else if let field = try self.string(inner[.field]) {
                    variables.append((key, .field(field)))
                } else {
                    throw self.fail(value, "mapping.variables.\(key) needs a field name or {value: …}")
                }
            }
        }
        return Pipeline.MappingSpec(phone: phone, name: name, variables: variables)
    }

    func scheduleSpec(_ node: Node?) throws -> Pipeline.ScheduleSpec {
        // Without a window any hour is allowed: a default in UTC would be the wrong hours for most zones.
        var spec = Pipeline.ScheduleSpec(at: nil, timezone: "UTC", windowStart: 0, windowEnd: 24 * 60)
        guard let schedule = node?.mapping else { return spec }
        if let zone = try self.string(schedule[.timezone]) {
            guard TimeZone(identifier: zone) != nil else {
                throw self.fail(schedule[.timezone], "schedule.timezone '\(zone)' is not an IANA time zone (e.g. Asia/Riyadh)")
            }
            spec.timezone = zone
        }
        if let at = try self.string(schedule[.at]) {
            guard Timestamp.parse(at) != nil else {
                throw self.fail(schedule[.at], "schedule.at must be an ISO 8601 time such as 2026-05-01T09:00:00")
            }
            spec.at = at
        }
        if let window = try self.string(schedule[.window]) {
            guard let hours = SendWindow.hours(window) else {
                throw self.fail(schedule[.window], "schedule.window must look like 09:00-21:00")
            }
            spec.windowStart = hours.start
            spec.windowEnd = hours.end
        }
        if let value = try self.string(schedule[.localTime]) {
            guard let local = Bool(yaml: value) else {
                throw self.fail(schedule[.localTime], "schedule.local_time must be true or false")
            }
            spec.localTime = local
        }
        if spec.localTime, spec.at != nil {
            throw self.fail(
                schedule[.at],
                "schedule.at cannot go with schedule.local_time: each zone group starts at its own window's opening; "
                    + "remove one of them")
        }
        if let at = spec.at {
            let window = SendWindow(schedule: spec)
            if let date = Timestamp.parse(at, zone: window.zone), !window.contains(date) {
                throw self.fail(
                    schedule[.at],
                    "schedule.at \(at) is outside schedule.window \(window): no campaign may start then; "
                        + "move schedule.at into the window, or widen the window")
            }
        }
        return spec
    }

}

extension Bool {
    init?(yaml text: String) {
        switch text.lowercased() {
        case "true", "yes", "on": self = true
        case "false", "no", "off": self = false
        default: return nil
        }
    }
}

/// Delimiters as people write them in YAML or on a command line.
public enum DelimiterName {
    public static func byte(_ text: String) -> UInt8? {
        switch text {
        case ",", "comma": UInt8(ascii: ",")
        case ";", "semicolon": UInt8(ascii: ";")
        case "\t", "\\t", "tab": 0x09
        case "|", "pipe": UInt8(ascii: "|")
        default: nil
        }
    }
}
