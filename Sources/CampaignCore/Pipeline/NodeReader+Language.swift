import Foundation
internal import Yams

extension NodeReader {
    /// `language: {column: Language, map: {Arabic: ar}, fallback: ar | reject}`; the fallback is
    /// `template.language` when the file names none.
    func languageChoice(_ node: Node?, template: Pipeline.TemplateSpec) throws -> LanguageChoice? {
        guard let node else { return nil }
        guard let fields = node.mapping else {
            throw self.fail(
                node, "language must be a mapping", hint: "language: {column: Language, map: {Arabic: ar}, fallback: ar}")
        }
        let column = try self.required(fields, .column, at: PipelineKey.path(.language, .column), in: node)
        var map: [(cell: String, code: String)] = []
        for (keyNode, valueNode) in fields[.map]?.mapping ?? [:] {
            let cell = try self.string(keyNode) ?? ""
            let code = try self.languageCode(valueNode, at: "language.map.\(cell)")
            guard !cell.isEmpty else { throw self.fail(keyNode, "language.map has an empty cell") }
            map.append((cell, code))
        }
        let fallback: LanguageChoice.Fallback
        if let written = try self.string(fields[.fallback]), written == "reject" {
            fallback = .reject
        } else if let node = fields[.fallback] {
            fallback = .language(try self.languageCode(node, at: "language.fallback"))
        } else {
            fallback = .language(template.language)
        }
        return LanguageChoice(column: column, map: map, fallback: fallback)
    }

    /// A template language code as the API spells them: `ar`, `en_US`, `pt_BR`.
    func languageCode(_ node: Node, at keyPath: String) throws -> String {
        guard let code = try self.string(node),
            code.range(of: "^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$", options: .regularExpression) != nil
        else {
            throw self.fail(node, "\(keyPath) must be a template language code such as ar or en_US")
        }
        return code
    }
}
