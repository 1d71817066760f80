/// Which sheet of a workbook holds the records (`input.sheet`, `--sheet`): a
/// name, a 1-based position, or `auto`, the first sheet whose header row holds
/// the mapped phone column (else the first sheet), so the notes or pivot sheet
/// someone put in front is passed over.
public enum SheetChoice: Sendable, Equatable, CustomStringConvertible {
    case auto
    case name(String)
    case index(Int)

    /// `auto`, a number (a position from 1), or else a sheet's name.
    public init(_ text: String) {
        if text == "auto" || text.isEmpty {
            self = .auto
        } else if let index = Int(text), index >= 1 {
            self = .index(index)
        } else {
            self = .name(text)
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .name(let name): name
        case .index(let index): String(index)
        }
    }
}
