import Foundation
internal import Yams

extension NodeReader {
    /// `notify: [{url: "${SLACK_WEBHOOK_URL}", format: slack, on: [finished, paused, failed]}]`. The key
    /// `on` is taken as written: a YAML 1.1 reader would make it `true`, this one reads the file's text.
    func notifyTargets(_ node: Node?) throws -> [NotifyTarget] {
        guard let node else { return [] }
        let items = node.sequence.map(Array.init) ?? [node]
        return try items.enumerated().map { index, item in
            let at = "notify[\(index + 1)]"
            guard let fields = item.mapping else {
                throw self.fail(
                    item, "\(at) must be a mapping",
                    hint: "notify: [{url: \"${SLACK_WEBHOOK_URL}\", format: slack, on: [finished, failed]}]")
            }
            let url = try self.required(fields, .url, at: "\(at).url", in: item)
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                parsed.host != nil
            else {
                throw self.fail(fields[.url], "\(at).url must be an http(s) URL")
            }
            let format = try self.closed(fields[.format], "\(at).format", as: NotifyTarget.Format.self) ?? .json
            var events = Set<NotifyEvent>()
            for name in try self.strings(fields[.on]) {
                guard let event = NotifyEvent(rawValue: name) else {
                    throw self.fail(
                        fields[.on], "\(at).on: '\(name)' is not an event",
                        hint: "events: \(NotifyEvent.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                events.insert(event)
            }
            guard !events.isEmpty else { throw self.fail(item, "\(at).on names no event") }
            let secretEnv = try self.string(fields[.secretEnv])
            if let secretEnv, self.environment[secretEnv]?.isEmpty ?? true {
                throw self.fail(
                    fields[.secretEnv], "\(at).secret_env: the environment variable \(secretEnv) is not set",
                    hint: "export \(secretEnv)=… (the secret the receiver checks signatures with)")
            }
            if secretEnv != nil && format == .slack {
                throw self.fail(fields[.secretEnv], "\(at).secret_env signs json bodies; Slack checks none")
            }
            return NotifyTarget(url: url, format: format, events: events, secretEnv: secretEnv)
        }
    }
}
