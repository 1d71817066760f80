import RecipientIO

/// `language:`: each recipient's template language, picked from a column. WhatsApp approves each
/// translation of a template on its own and a create names exactly one, so the choice is made
/// per recipient here and the run is cut into parts per language (`BatchPlan`).
public struct LanguageChoice: Sendable, Equatable {
    /// What a recipient whose cell is empty or matches nothing gets.
    public enum Fallback: Sendable, Equatable {
        /// This language, and the report says `language_fallback`.
        case language(String)
        /// A data reject (`no_language`), in fix.csv, naming the cell.
        case reject
    }

    public var column: String
    /// Cells (as the file writes them) to language codes, in the file's order.
    public var map: [(cell: String, code: String)]
    public var fallback: Fallback

    public init(column: String, map: [(cell: String, code: String)], fallback: Fallback) {
        self.column = column
        self.map = map
        self.fallback = fallback
    }

    /// Every code the pipeline itself names: the map's and the fallback's, after `template.language`.
    public func codes(default language: String) -> [String] {
        var codes = [language]
        for code in self.map.map(\.code) + (self.fallbackCode.map { [$0] } ?? []) where !codes.contains(code) {
            codes.append(code)
        }
        return codes
    }

    public var fallbackCode: String? {
        if case .language(let code) = self.fallback { return code }
        return nil
    }

    /// The lookup a cell is matched with: the map's cells, then the codes themselves (`en-us`,
    /// `EN_US` are `en_US`), all trimmed and without case. The map wins over a code of the same spelling.
    public func lookup(codes: [String]) -> [String: String] {
        var table: [String: String] = [:]
        for code in codes { table[Self.foldCode(code)] = code }
        for code in codes { table[Self.fold(code)] = code }
        for (cell, code) in self.map { table[Self.fold(cell)] = code }
        return table
    }

    /// A cell's language: the table's, else the fallback (`fellBack`), else nil (reject).
    public func resolve(_ cell: String?, in table: [String: String]) -> (code: String, fellBack: Bool)? {
        let folded = Self.fold(cell ?? "")
        if !folded.isEmpty, let code = table[folded] ?? table[Self.foldCode(folded)] { return (code, false) }
        return self.fallbackCode.map { ($0, true) }
    }

    static func fold(_ cell: String) -> String { cell.trimmedFast.lowercased() }

    /// A code as compared with another: `en-US`, `en_us` and `EN_US` are one.
    static func foldCode(_ code: String) -> String {
        String(code.trimmedFast.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    public static func == (a: LanguageChoice, b: LanguageChoice) -> Bool {
        a.column == b.column && a.fallback == b.fallback && a.map.map(\.cell) == b.map.map(\.cell)
            && a.map.map(\.code) == b.map.map(\.code)
    }
}
