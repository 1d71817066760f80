import CPhoneNumbers

/// The region of an E.164 number, from libphonenumber, asked once per calling
/// code where that code is one region's alone (+966, +20), and, where regions
/// share it, once per block of 1,000 numbers (the number less its last three
/// digits: `+1212456`, `+262692123`, `+61851001` Christmas Island against
/// `+61851002` Cocos and `+61851000` Australia, `+3906698` the Vatican against
/// `+3906690` Rome), for numbers of eight national digits or more: leading digits
/// tell regions apart as deep as six national digits, never within the last
/// three. Shorter numbers of a shared code are asked one by one. A number
/// libphonenumber places in no region (possible, not valid: `+447700900123`)
/// takes the region of a block already seen, else its calling code's main region
/// (GB), and is never remembered for its neighbours; a code of no region at all
/// (`+800`) gives nil.
final class PhoneRegions {
    private var byBlock: [Substring: String] = [:]
    private var byCode: [Substring: String] = [:]

    func region(_ e164: String) -> String? {
        for length in 2...4 where e164.count > length {
            if let known = self.byCode[e164.prefix(length)] { return known }
        }
        if let known = self.byBlock[e164.dropLast(3)] { return known }
        var code: Int32 = 0
        var kind: Int32 = 0
        let region: String = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 8) { out in
            guard let base = out.baseAddress else { return "" }
            kind = cpn_region_for_number(e164, base, out.count, &code)
            return kind == 0 ? "" : String(cString: base)
        }
        guard kind != 0 else { return nil }
        let codeLength = String(code).count
        if kind == 1 {
            self.byCode[e164.prefix(1 + codeLength)] = region
        } else if kind == 2, e164.count - 1 - codeLength >= 8 {
            self.byBlock[e164.dropLast(3)] = region
        }
        return region
    }
}
