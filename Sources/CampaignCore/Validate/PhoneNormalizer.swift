import Foundation
import CPhoneNumbers
import RecipientIO

/// Normalises what people type into E.164 through libphonenumber, with the
/// pipeline's default region. Digits of other scripts (Arabic-Indic, Persian,
/// full-width) are folded to ASCII and bidi marks that Arabic spreadsheets add
/// are dropped first; everything else is libphonenumber's own decision.
public struct PhoneNormalizer: Sendable {
    public enum Outcome: Equatable, Sendable {
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

    public func normalize(_ raw: String) -> Outcome {
        let cleaned = Self.foldDigits(raw)
        guard !cleaned.isBlankFast else { return .missing }
        var buffer = [CChar](repeating: 0, count: 64)
        let status = buffer.withUnsafeMutableBufferPointer { out in
            cpn_normalize(cleaned, self.region, self.requireValid ? 1 : 0, out.baseAddress, out.count)
        }
        switch status {
        case CPN_OK:
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return .ok(String(decoding: bytes, as: UTF8.self))
        case CPN_NOT_A_NUMBER: return .invalid
        default: return .unparseable
        }
    }

    /// Unicode decimal digits → ASCII; full-width plus → `+`; bidi controls removed.
    public static func foldDigits(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte >= 0x80 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF, 0x061C:
                continue
            case 0xFF0B:
                scalars.append("+")
            default:
                if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
                   let ascii = Unicode.Scalar(0x30 + UInt32(value)) {
                    scalars.append(ascii)
                } else {
                    scalars.append(scalar)
                }
            }
        }
        return String(scalars)
    }
}
