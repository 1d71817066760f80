import Foundation

/// The character encodings exports arrive in. UTF-8 passes through; the others
/// are transcoded to UTF-8 as they stream.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1256 = "windows-1256"
    case windows1252 = "windows-1252"
    case iso8859_1 = "iso-8859-1"
    case iso8859_6 = "iso-8859-6"

    /// Accepts the spellings people write in a pipeline or on a command line.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "unicode": self = .utf16le
        case "utf-16be", "utf16be": self = .utf16be
        case "windows-1256", "cp1256", "win1256", "arabic": self = .windows1256
        case "windows-1252", "cp1252", "win1252": self = .windows1252
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1": self = .iso8859_1
        case "iso-8859-6", "iso8859-6": self = .iso8859_6
        default: return nil
        }
    }

    var singleByteTable: [UInt16]? {
        switch self {
        case .windows1256: SingleByteTables.windows1256
        case .windows1252: SingleByteTables.windows1252
        case .iso8859_1: SingleByteTables.iso8859_1
        case .iso8859_6: SingleByteTables.iso8859_6
        case .utf8, .utf16le, .utf16be: nil
        }
    }
}
