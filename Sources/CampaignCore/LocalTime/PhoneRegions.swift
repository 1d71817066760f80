import CPhoneNumbers

/// The region of an E.164 number, from libphonenumber, asked once per leading
/// five characters (`+1212`, `+4420`, `+9665`): enough to tell the regions that
/// share a calling code apart (an area code, a mobile prefix), at a few hundred
/// parses for a million numbers instead of a million.
final class PhoneRegions {
    private var cache: [Substring: String] = [:]

    func region(_ e164: String) -> String? {
        let prefix = e164.prefix(5)
        if let known = self.cache[prefix] { return known.isEmpty ? nil : known }
        let region: String = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 8) { out in
            guard let base = out.baseAddress, cpn_region_for_number(e164, base, out.count) == 1 else { return "" }
            return String(cString: base)
        }
        self.cache[prefix] = region
        return region.isEmpty ? nil : region
    }
}
