import Foundation

/// CSV for people who open it in a spreadsheet: RFC 4180 quoting, and cells
/// that would run as formulas (`=`, `+`, `-`, `@`, tab, CR first) neutralised
/// with a leading `'`, unless the cell is purely a number or a phone.
public enum SpreadsheetCSV {
    /// The text as the spreadsheet should see it, before CSV quoting.
    public static func neutralised(_ text: String) -> String {
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !Self.isNumberOrPhone(text) {
            return "'" + text
        }
        return text
    }

    public static func cell(_ text: String, neutralise: Bool = true) -> String {
        let value = neutralise ? Self.neutralised(text) : text
        var needsQuotes = false
        for byte in value.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes, let first = value.first, first == " " { needsQuotes = true }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ cells: [String], neutralise: Bool = true) -> String {
        cells.map { Self.cell($0, neutralise: neutralise) }.joined(separator: ",") + "\r\n"
    }

    /// `+966501234567`, `-12.5`, `+1 (555) 010-0000`: safe as they are.
    static func isNumberOrPhone(_ text: String) -> Bool {
        var digits = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": digits += 1
            case "+", "-": if index != 0 && scalar == "+" { return false }
            case " ", "(", ")", ".": continue
            default: return false
            }
        }
        return digits > 0
    }
}
