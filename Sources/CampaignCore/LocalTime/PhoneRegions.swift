import CPhoneNumbers

/// The region of an E.164 number, from libphonenumber, asked once per calling
/// code where that code is one region's alone (+966, +20), and once per seven
/// leading characters where regions share it (`+121245`: the area code;
/// `+262692` Réunion against `+262639` Mayotte; `+447781` Guernsey): a few
/// thousand parses for a million numbers instead of a million. A number
/// libphonenumber places nowhere is never remembered for its neighbours.
final class PhoneRegions {
    private var byPrefix: [Substring: String] = [:]
    private var byCode: [Substring: String] = [:]

    func region(_ e164: String) -> String? {
        for length in 2...4 where e164.count > length {
            if let known = self.byCode[e164.prefix(length)] { return known }
        }
        if let known = self.byPrefix[e164.prefix(7)] { return known }
        var code: Int32 = 0
        var kind: Int32 = 0
        let region: String = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 8) { out in
            guard let base = out.baseAddress else { return "" }
            kind = cpn_region_for_number(e164, base, out.count, &code)
            return kind == 0 ? "" : String(cString: base)
        }
        guard kind != 0 else { return nil }
        if kind == 1 {
            self.byCode[e164.prefix(1 + String(code).count)] = region
        } else {
            self.byPrefix[e164.prefix(7)] = region
        }
        return region
    }
}
