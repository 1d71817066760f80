public import CubeAPI
import Foundation

/// The text a recipient will read: the approved template's body (and header)
/// as the API gave it, kept in the run as `template.json` the first time a
/// stage fetches it, so that validate's length check, submit's preview and
/// every rerun use the same words even if the template is edited meanwhile.
/// Filling it in for a recipient (`render`) is the template module's, beside the checks.
public struct MessageTemplate: Codable, Sendable, Equatable {
    public var name: String
    public var language: String
    public var paramsCount: Int
    public var body: String
    public var header: String?
    /// The other languages the run sends (`language:`), each as its own template: WhatsApp approves
    /// every translation on its own, with its own words. Nil for a one-language run, whose file is
    /// as it always was.
    public var translations: [MessageTemplate]?

    /// WhatsApp refuses a template message whose body, variables filled in, is longer.
    public static let maxLength = 1_024
    public static let fileName = RunFile.template.name

    enum CodingKeys: String, CodingKey {
        case name, language, body, header, translations
        case paramsCount = "params_count"
    }

    /// The text in `language`: this one, or a translation; nil when the run kept none in it.
    public func text(in language: String) -> MessageTemplate? {
        language == self.language ? self : self.translations?.first { $0.language == language }
    }

    /// Every language the file holds, this one first.
    public var languages: [String] { [self.language] + (self.translations ?? []).map(\.language) }

    public init(name: String, language: String, paramsCount: Int, body: String, header: String? = nil) {
        self.name = name
        self.language = language
        self.paramsCount = paramsCount
        self.body = body
        self.header = header
    }

    /// The API's template, when it has a body to show; nil when it has none.
    public init?(_ template: Template) {
        guard let body = template.body, !body.isEmpty else { return nil }
        self.init(
            name: template.name, language: template.language, paramsCount: template.paramsCount, body: body,
            header: template.header)
    }

    // MARK: In the run

    public static func load(_ run: RunDirectory) throws -> MessageTemplate? {
        let path = run.file(Self.fileName)
        guard run.exists(path) else { return nil }
        return try ArtifactJSON.read(MessageTemplate.self, from: path)
    }

    /// The kept text, when it is of this template and language, and holds every one of `others` (a
    /// pipeline edited to another template since must not be previewed or checked with the old one's words).
    public static func kept(
        in run: RunDirectory, name: String, language: String, others: [String] = []
    ) throws -> MessageTemplate? {
        try Self.load(run).flatMap {
            $0.name == name && $0.language == language && others.allSatisfy(Set($0.languages).contains) ? $0 : nil
        }
    }

    public func save(_ run: RunDirectory) throws {
        try ArtifactJSON.write(self, to: run.file(Self.fileName))
    }
}
