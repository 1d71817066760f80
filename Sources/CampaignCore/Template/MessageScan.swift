import Foundation
import RecipientIO
public import RunArtifacts

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

    /// `firstOnly`: stop once `keep` messages are kept (a page that shows the first few, no counts).
    public static func scan(_ run: RunDirectory, template: MessageTemplate, keep: Int = 10, firstOnly: Bool = false) throws
        -> MessageScan
    {
        var scan = MessageScan()
        let length = MessageLength(template)
        let reader = try RecipientsReader(path: run.recipients)
        var longest = -1
        while !(firstOnly && scan.first.count >= keep), let line = try reader.next() {
            let phone = line.phone
            let name = line.name
            let source = line.source
            let record = line.record
            let variables = line.variables
            scan.recipients += 1
            let count = length.length(variables)
            func rendered() -> Rendered {
                Rendered(
                    phone: phone, name: name, source: source, record: record, header: template.renderHeader(variables),
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
