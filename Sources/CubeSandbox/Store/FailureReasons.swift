import CubeAPI

/// Realistic WhatsApp delivery errors, as the API reports them in `error_message`:
/// each kind the table knows (transient, permanent, configuration), in the proportions
/// of a list of seven, so a test of a few dozen failures meets every kind.
enum FailureReasons {
    static let all: [String] = [
        MessageFailure.notOnWhatsApp, .marketingCap, .invalidPhoneNumber, .reengagementWindow, .stoppedMarketing,
        .somethingWentWrong, .rateLimited,
    ].map(\.text)

    /// Deterministic for a campaign and phone: FNV-1a over both, so a rerun of
    /// the same report sees the same outcome.
    static func outcome(campaignId: String, phone: String, failureRate: Double) -> UInt8? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in campaignId.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0x7C) &* 0x100_0000_01b3
        for byte in phone.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        let unit = Double(hash >> 11) / Double(1 << 53)
        guard unit < failureRate else { return nil }
        return UInt8(truncatingIfNeeded: (hash >> 3) % UInt64(Self.all.count))
    }
}
