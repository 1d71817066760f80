public import RunArtifacts
import Foundation

/// A recipient's message: the kept template's text with their variables in it.
extension MessageTemplate {
    /// The body with `{{1}}`… replaced by the recipient's variables; a placeholder without a value stays as written.
    public func render(_ variables: [(key: String, value: String)]) -> String {
        Self.fill(self.body, variables)
    }

    public func renderHeader(_ variables: [(key: String, value: String)]) -> String? {
        self.header.map { Self.fill($0, variables) }
    }

    enum Piece {
        case text(Substring)
        case placeholder(String)
    }

    /// `Hi {{1}}` → text "Hi ", placeholder "1". Only `{{` digits `}}` is a placeholder.
    static func scan(_ text: String, _ visit: (Piece) -> Void) {
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let after = rest[open.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            let close = after[digits.endIndex...]
            guard !digits.isEmpty, close.hasPrefix("}}") else {
                visit(.text(rest[..<open.upperBound]))
                rest = after
                continue
            }
            visit(.text(rest[..<open.lowerBound]))
            visit(.placeholder(String(digits)))
            rest = close.dropFirst(2)
        }
        visit(.text(rest))
    }

    static func fill(_ text: String, _ variables: [(key: String, value: String)]) -> String {
        var out = ""
        Self.scan(text) { piece in
            switch piece {
            case .text(let text): out += text
            case .placeholder(let key): out += variables.first { $0.key == key }?.value ?? "{{\(key)}}"
            }
        }
        return out
    }
}
