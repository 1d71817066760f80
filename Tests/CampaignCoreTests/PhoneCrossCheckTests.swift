import CPhoneNumbers
import Foundation
import Testing
@testable import CampaignCore

/// The stage's phone answers (digit folding, then the fast path or Parse) against
/// libphonenumber's own `Parse` + validity + `Format(E164)` on the raw text, for a
/// million numbers in the spellings exports hold, across fifteen regions.
@Suite("Phones: a million numbers cross-checked against libphonenumber")
struct PhoneCrossCheckTests {
    /// Example national numbers (mobile, then fixed line) each region's numbers are varied from.
    static let regions: [(region: String, code: String, trunk: String, idd: String, examples: [String])] = [
        ("SA", "966", "0", "00", ["512345678", "112345678", "920012345", "8001234567"]),
        ("AE", "971", "0", "00", ["501234567", "22345678", "800123456"]),
        ("EG", "20", "0", "00", ["1001234567", "234567890"]),
        ("GB", "44", "0", "00", ["7400123456", "1212345678", "8001234567"]),
        ("DE", "49", "0", "00", ["15123456789", "30123456", "8001234567"]),
        ("FR", "33", "0", "00", ["612345678", "123456789"]),
        ("IN", "91", "0", "00", ["8123456789", "7410410123"]),
        ("US", "1", "1", "011", ["2015550123", "8002345678"]),
        ("BR", "55", "0", "00", ["11961234567", "1123456789"]),
        ("MX", "52", "01", "00", ["2221234567", "8001234567"]),
        ("IT", "39", "", "00", ["3123456789", "0212345678"]),
        ("PK", "92", "0", "00", ["3012345678", "2123456789"]),
        ("NG", "234", "0", "009", ["8021234567", "12345678"]),
        ("TR", "90", "0", "00", ["5012345678", "2123456789"]),
        ("KW", "965", "", "00", ["50012345", "22345678"]),
    ]

    /// A deterministic generator, so a failure names an input that can be replayed.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(self.next() % UInt64(n)) }
    }

    static func digits(_ text: String, base: UInt32) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    guard let value = scalar.properties.numericValue, scalar.isASCII,
                        let mapped = Unicode.Scalar(base + UInt32(value))
                    else {
                        return scalar
                    }
                    return mapped
                }))
    }

    /// One number in one spelling: international, IDD, trunk, bare, grouped, other scripts, junk.
    static func spelling(_ random: inout SplitMix) -> (raw: String, region: String) {
        let entry = Self.regions[random.below(Self.regions.count)]
        var nsn = Array(entry.examples[random.below(entry.examples.count)])
        for offset in 0..<random.below(6) where offset < nsn.count {
            nsn[nsn.count - 1 - offset] = Character(String(random.below(10)))
        }
        switch random.below(12) {
        case 0: nsn.removeLast()
        case 1: nsn.append(Character(String(random.below(10))))
        case 2: nsn[0] = Character(String(random.below(10)))
        default: break
        }
        let number = String(nsn)
        let head = String(number.prefix(3))
        let tail = String(number.dropFirst(3))
        var raw: String
        switch random.below(14) {
        case 0: raw = "+" + entry.code + number
        case 1: raw = "+" + entry.code + " " + head + " " + tail
        case 2: raw = entry.idd + entry.code + number
        case 3: raw = entry.idd + " " + entry.code + " " + head + "-" + tail
        case 4: raw = entry.trunk + number
        case 5: raw = "(" + entry.trunk + head + ") " + tail
        case 6: raw = number
        case 7: raw = entry.trunk + head + "." + tail
        case 8: raw = entry.code + number
        case 9: raw = "+" + entry.code + " (0) " + number
        case 10: raw = "Tel: " + entry.trunk + number
        case 11: raw = " " + entry.trunk + number + " "
        case 12: raw = "+" + entry.code + entry.trunk + number
        default: raw = entry.trunk + head + "/" + tail
        }
        switch random.below(10) {
        case 0: raw = Self.digits(raw, base: 0x0660)  // Arabic-Indic
        case 1: raw = Self.digits(raw, base: 0x06F0)  // Persian
        case 2: raw = Self.digits(raw, base: 0xFF10)  // full-width
        case 3: raw = "\u{200F}" + raw
        default: break
        }
        return (raw, entry.region)
    }

    static func reference(_ raw: String, region: String, requireValid: Bool) -> PhoneNormalizer.Verdict {
        guard !raw.allSatisfy({ $0.isWhitespace }) else { return .missing }
        var buffer = [CChar](repeating: 0, count: 64)
        let status = buffer.withUnsafeMutableBufferPointer { out in
            cpn_normalize_reference(raw, region, requireValid ? 1 : 0, out.baseAddress, out.count)
        }
        switch status {
        case CPN_OK: return .ok(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        case CPN_NOT_A_NUMBER: return .invalid
        default: return .unparseable
        }
    }

    @Test("1,000,000 numbers: the stage's answer equals libphonenumber's for every one")
    func million() {
        let total = 1_000_000
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let per = (total + workers - 1) / workers
        let lock = NSLock()
        nonisolated(unsafe) var mismatches: [String] = []
        nonisolated(unsafe) var accepted = 0
        nonisolated(unsafe) var checked = 0
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var random = SplitMix(state: UInt64(worker + 1) &* 0x5851_F42D_4C95_7F2D)
            var normalizers: [String: (valid: PhoneNormalizer, possible: PhoneNormalizer)] = [:]
            var local: [String] = []
            var ok = 0
            let count = min(per, total - worker * per)
            for index in 0..<count {
                let (raw, region) = Self.spelling(&random)
                let requireValid = index % 4 != 0
                let pair =
                    normalizers[region] ?? (
                        PhoneNormalizer(region: region, requireValid: true),
                        PhoneNormalizer(region: region, requireValid: false)
                    )
                normalizers[region] = pair
                let stage = (requireValid ? pair.valid : pair.possible).normalize(raw)
                let expected = Self.reference(raw, region: region, requireValid: requireValid)
                if case .ok = stage { ok += 1 }
                if stage != expected && local.count < 20 {
                    local.append(
                        "\(region) \(requireValid ? "valid" : "possible") \(raw.debugDescription): stage \(stage), libphonenumber \(expected)"
                    )
                }
            }
            lock.withLock {
                mismatches += local
                accepted += ok
                checked += count
            }
        }
        #expect(checked == total)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        // The spellings must exercise both outcomes, or the comparison proves little.
        #expect(accepted > total / 3 && accepted < total * 9 / 10, "accepted \(accepted) of \(total)")
    }
}

extension PhoneCrossCheckTests {
    @Test("the validity automata agree with IsValidNumber in every region libphonenumber knows")
    func everyRegion() {
        let check = cpn_check_validity_automata(150)
        #expect(check.mismatches == 0, "\(check.mismatches) of \(check.decided)")
        // Enough numbers, of both kinds, for the agreement to mean something.
        #expect(check.decided > 100_000)
        #expect(
            check.valid > check.decided / 5 && check.valid < check.decided * 4 / 5, "\(check.valid) valid of \(check.decided)")
    }
}
