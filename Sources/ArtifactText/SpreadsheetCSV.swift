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
        var bytes: [UInt8] = []
        Self.append(cell: text, neutralise: neutralise, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func row(_ cells: [String], neutralise: Bool = true) -> String {
        var bytes: [UInt8] = []
        Self.append(cells, neutralise: neutralise, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The row as bytes, CRLF included, appended where a writer collects many rows.
    public static func append(_ cells: [String], neutralise: Bool = true, to out: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(0x2C) }
            Self.append(cell: cell, neutralise: neutralise, to: &out)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    private static func append(cell text: String, neutralise: Bool, to out: inout [UInt8]) {
        let utf8 = text.utf8
        guard let first = utf8.first else { return }
        let prefix = neutralise && Self.isFormulaStart(first) && !Self.isNumberOrPhone(text)
        var needsQuotes = first == 0x20 && text.first == " "
        if !needsQuotes {
            for byte in utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        if needsQuotes { out.append(0x22) }
        if prefix { out.append(0x27) }
        if needsQuotes {
            for byte in utf8 {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: utf8)
        }
    }

    /// `=`, `+`, `-`, `@`, tab or CR: how a formula or a command starts.
    private static func isFormulaStart(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
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
