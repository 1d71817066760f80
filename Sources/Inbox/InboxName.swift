import CampaignCore
import Foundation
import Reporting

/// What a dropped file's name says: whether the watcher should leave it alone
/// (hidden, or still being written by a browser, an editor or a copy tool) and
/// whether the operator asked for a resend by putting `.resend` in it.
public struct InboxName: Sendable, Equatable {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    static let temporarySuffixes = [".tmp", ".part", ".crdownload", ".partial", ".swp"]

    /// Hidden files, Office lock files and partial downloads are never taken.
    public var isIgnored: Bool {
        let lower = self.name.lowercased()
        return self.name.hasPrefix(".") || self.name.hasPrefix("~$") || Self.temporarySuffixes.contains { lower.hasSuffix($0) }
    }

    /// `offers.resend.csv` (or `offers.csv.resend`): send this content again even if it was sent before.
    public var asksForResend: Bool { self.withoutResend != self.name }

    /// The name with the `.resend` marker taken out, which is what the patterns see.
    public var withoutResend: String {
        if let range = self.name.range(of: ".resend.", options: [.caseInsensitive, .backwards]) {
            return self.name.replacingCharacters(in: range, with: ".")
        }
        if self.name.lowercased().hasSuffix(".resend") { return String(self.name.dropLast(".resend".count)) }
        return self.name
    }

    /// The name without its extensions, made safe for a run id.
    public var stem: String {
        let base = self.withoutResend.split(separator: ".").first.map(String.init) ?? "file"
        let safe = base.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "-" || scalar == "_"
                ? Character(scalar) : "-"
        }
        let text = String(safe.prefix(32))
        return text.isEmpty ? "file" : text
    }
}
