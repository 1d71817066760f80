import Foundation
import CPhoneNumbers
import RecipientIO

/// Normalises what people type into E.164 through libphonenumber, with the
/// pipeline's default region. Digits of other scripts (Arabic-Indic, Persian,
/// full-width) are folded to ASCII and bidi marks that Arabic spreadsheets add
/// are dropped first; everything else is libphonenumber's own decision.
public struct PhoneNormalizer: Sendable {
    public enum Verdict: Equatable, Sendable {
        case ok(String)
        case missing
        /// libphonenumber could not parse it at all.
        case unparseable
        /// Parsed, but not a valid (or possible) number.
        case invalid
    }

    public let region: String
    public let requireValid: Bool

    public init(region: String, requireValid: Bool) {
        self.region = region
        self.requireValid = requireValid
    }

    public func normalize(_ raw: String) -> Verdict {
        let cleaned = Self.foldDigits(raw)
        guard !cleaned.isBlankFast else { return .missing }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { out in
            switch cpn_normalize(cleaned, self.region, self.requireValid ? 1 : 0, out.baseAddress, out.count) {
            case CPN_OK:
                let length = out.firstIndex(of: 0) ?? out.count
                return .ok(
                    String(decoding: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out)[..<length]), as: UTF8.self))
            case CPN_NOT_A_NUMBER: return .invalid
            default: return .unparseable
            }
        }
    }

    /// `normalize` for a phone written in ASCII, from its bytes: the E.164 form
    /// goes into `out`, NUL-terminated, and no string is made. Answers nil for
    /// `.ok` (with the length written to `length`), else the other outcome.
    func normalize(ascii raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<CChar>, length: inout Int)
        -> Verdict?
    {
        guard raw.contains(where: { !ByteTrim.isASCIISpace($0) }) else { return .missing }
        let status = withUnsafeTemporaryAllocation(of: CChar.self, capacity: raw.count + 1) { text in
            for (index, byte) in raw.enumerated() { text[index] = CChar(bitPattern: byte) }
            text[raw.count] = 0
            return cpn_normalize(text.baseAddress, self.region, self.requireValid ? 1 : 0, out.baseAddress, out.count)
        }
        switch status {
        case CPN_OK:
            length = out.firstIndex(of: 0) ?? out.count
            return nil
        case CPN_NOT_A_NUMBER: return .invalid
        default: return .unparseable
        }
    }

    /// `foldDigits` on UTF-8 bytes for the spellings spreadsheets produce (Arabic-Indic,
    /// Persian and full-width digits, full-width plus, bidi marks): the ASCII it gives
    /// is appended to `out`. False for any other non-ASCII character, which
    /// `foldDigits` itself must judge.
    static func foldDigits(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                out.append(lead)
                index += 1
                continue
            }
            let second: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third: UInt8 = index + 2 < bytes.count ? bytes[index + 2] : 0
            switch (lead, second) {
            case (0xD9, 0xA0...0xA9): out.append(0x30 + second - 0xA0)  // U+0660…0669
            case (0xDB, 0xB0...0xB9): out.append(0x30 + second - 0xB0)  // U+06F0…06F9
            case (0xD8, 0x9C): break  // U+061C
            // U+200E, 200F, 202A…202E
            case (0xE2, 0x80) where third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third): break
            case (0xE2, 0x81) where (0xA6...0xA9).contains(third): break  // U+2066…2069
            case (0xEF, 0xBB) where third == 0xBF: break  // U+FEFF
            case (0xEF, 0xBC) where third == 0x8B: out.append(UInt8(ascii: "+"))  // U+FF0B
            case (0xEF, 0xBC) where (0x90...0x99).contains(third): out.append(0x30 + third - 0x90)  // U+FF10…FF19
            default: return false
            }
            index += lead >= 0xE0 ? 3 : 2
        }
        return true
    }

    /// Unicode decimal digits → ASCII; full-width plus → `+`; bidi controls removed.
    public static func foldDigits(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte >= 0x80 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF, 0x061C:
                continue
            case 0xFF0B:
                out.append(UInt8(ascii: "+"))
            case 0x0660...0x0669:  // Arabic-Indic, the common case, without a property lookup
                out.append(UInt8(0x30 + scalar.value - 0x0660))
            case 0x06F0...0x06F9:  // Extended Arabic-Indic (Persian, Urdu)
                out.append(UInt8(0x30 + scalar.value - 0x06F0))
            default:
                if scalar.value >= 0x80, scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                    out.append(UInt8(0x30 + Int(value)))
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
