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
        /// The template language it is written in.
        public var language: String
    }

    public var first: [Rendered] = []
    /// `language:`: each language's recipients in the order the languages first appear, and the
    /// first message in each (none for a language the run keeps no text of).
    public var languages: [(code: String, recipients: Int)] = []
    public var firstIn: [String: Rendered] = [:]
    public var longest: Rendered?
    public var tooLong = 0
    public var firstTooLong: Rendered?
    public var recipients = 0

    /// `firstOnly`: stop once `keep` messages are kept and one in each of `languages` (a page that
    /// shows the first few, no counts).
    public static func scan(
        _ run: RunDirectory, template: MessageTemplate, keep: Int = 10, firstOnly: Bool = false, languages: [String] = []
    ) throws -> MessageScan {
        var scan = MessageScan()
        var lengths: [String: MessageLength] = [template.language: MessageLength(template)]
        var place: [String: Int] = [:]
        /// By place: whether that language's first message is kept.
        var shown: [Bool] = []
        var current: (language: String?, place: Int, text: MessageTemplate?, length: MessageLength?) = (nil, 0, nil, nil)
        let reader = try RecipientsReader(path: run.recipients)
        var longest = -1
        func done() -> Bool {
            firstOnly && scan.first.count >= keep && languages.allSatisfy { scan.firstIn[$0] != nil }
        }
        while !done(), let line = try reader.next() {
            let phone = line.phone
            let name = line.name
            let source = line.source
            let record = line.record
            let variables = line.variables
            let language = line.language ?? template.language
            scan.recipients += 1
            // Most lines are in the language of the line before (a run without languages, all of them):
            // that one's place, text and shape are kept at hand rather than looked up each time.
            if language != current.language {
                if place[language] == nil {
                    place[language] = scan.languages.count
                    scan.languages.append((language, 0))
                    shown.append(false)
                }
                let text = template.text(in: language)
                if let text, lengths[language] == nil { lengths[language] = MessageLength(text) }
                current = (language, place[language] ?? 0, text, lengths[language])
            }
            scan.languages[current.place].recipients += 1
            // A language the run keeps no text of cannot be shown; the preflight refuses it before any create.
            guard let text = current.text, let length = current.length else { continue }
            let count = length.length(variables)
            func rendered() -> Rendered {
                Rendered(
                    phone: phone, name: name, source: source, record: record, header: text.renderHeader(variables),
                    text: text.render(variables), length: count, language: language)
            }
            if scan.first.count < keep { scan.first.append(rendered()) }
            if !shown[current.place] {
                shown[current.place] = true
                scan.firstIn[language] = rendered()
            }
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
