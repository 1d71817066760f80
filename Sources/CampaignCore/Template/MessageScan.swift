import Foundation
import RecipientIO

/// One pass over `recipients.ndjson` with the template's text: the messages a
/// person previews (the first few and the longest) and the ones WhatsApp would
/// refuse as too long, which submit's preflight counts when validate could not
/// (the API was down then).
public struct MessageScan: Sendable {
    /// One recipient's message as they will read it.
    public struct Rendered: Sendable, Equatable {
        public var phone: String
        public var name: String?
        public var source: String
        public var record: Int
        public var header: String?
        public var text: String
        public var length: Int
    }

    public var first: [Rendered] = []
    public var longest: Rendered?
    public var tooLong = 0
    public var firstTooLong: Rendered?
    public var recipients = 0

    public static func scan(_ run: RunDirectory, template: MessageTemplate, keep: Int = 10) throws -> MessageScan {
        var scan = MessageScan()
        let length = MessageLength(template)
        let reader = NDJSONReader(source: try FileSource(path: run.recipients), name: run.recipients, maxDepth: 4, maxStringBytes: 1 << 20)
        var longest = -1
        while let line = try reader.next() {
            var phone = ""
            var name: String?
            var source = ""
            var record = 0
            var variables: [(key: String, value: String)] = []
            for field in line.fields {
                switch field.name {
                case "phone": phone = field.value
                case "name": name = field.value.isEmpty ? nil : field.value
                case "source": source = field.value
                case "record": record = Int(field.value) ?? 0
                default:
                    if field.name.hasPrefix("variables.") { variables.append((String(field.name.dropFirst(10)), field.value)) }
                }
            }
            scan.recipients += 1
            let count = length.length(variables)
            func rendered() -> Rendered {
                Rendered(phone: phone, name: name, source: source, record: record, header: template.renderHeader(variables),
                         text: template.render(variables), length: count)
            }
            if scan.first.count < keep { scan.first.append(rendered()) }
            if count > longest {
                longest = count
                scan.longest = rendered()
            }
            if count > MessageTemplate.maxLength {
                scan.tooLong += 1
                if scan.firstTooLong == nil { scan.firstTooLong = rendered() }
            }
        }
        return scan
    }
}
