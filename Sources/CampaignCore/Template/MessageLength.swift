public import RunArtifacts

/// How long a template's body is once a recipient's variables fill it, worked
/// out once per run from the body's shape (its own characters, and how often
/// each placeholder appears) so that checking a million records builds no
/// message at all. Characters are Unicode scalars: never fewer than what a
/// person sees, so an emoji-heavy message is not let through short.
public struct MessageLength: Sendable {
    /// Characters outside placeholders.
    let fixed: Int
    /// How often each placeholder appears, by its key ("1").
    let uses: [(key: String, count: Int)]
    let maxUses: Int
    /// Every placeholder as written, for the bound (a key the mapping does not fill).
    let unfilled: Int

    public init(_ template: MessageTemplate) {
        var fixed = 0
        var uses: [String: Int] = [:]
        var order: [String] = []
        MessageTemplate.scan(template.body) { piece in
            switch piece {
            case .text(let text): fixed += text.unicodeScalars.count
            case .placeholder(let key):
                if uses[key] == nil { order.append(key) }
                uses[key, default: 0] += 1
            }
        }
        self.fixed = fixed
        self.uses = order.map { ($0, uses[$0] ?? 0) }
        self.maxUses = uses.values.max() ?? 0
        // A placeholder the record has no value for stays as written: `{{7}}`.
        self.unfilled = order.reduce(0) { $0 + (uses[$1] ?? 0) * ($1.count + 4) }
    }

    /// The rendered body's length in characters (a placeholder without a value stays as written).
    public func length(_ variables: [(key: String, value: String)]) -> Int {
        var length = self.fixed
        for (key, count) in self.uses {
            let value = variables.first { $0.key == key }?.value
            length += count * (value?.unicodeScalars.count ?? key.count + 4)
        }
        return length
    }

    /// An upper bound from the variables' UTF-8 bytes (never fewer than their scalars), with every
    /// placeholder counted as if left unfilled too: a record under the limit by it needs no count.
    public func bound(variableBytes: Int) -> Int {
        self.fixed + self.unfilled + self.maxUses * variableBytes
    }

    /// Why this length is refused, or nil.
    public static func problem(_ length: Int) -> String? {
        length > MessageTemplate.maxLength
            ? "the message would be \(length) characters with this record's variables; WhatsApp's limit is \(MessageTemplate.maxLength)"
            : nil
    }
}
