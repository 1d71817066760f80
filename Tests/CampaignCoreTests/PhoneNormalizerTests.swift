import Testing
@testable import CampaignCore

@Suite("Phones")
struct PhoneNormalizerTests {
    let saudi = PhoneNormalizer(region: "SA", requireValid: true)

    @Test(
        "every spelling people write gives the same E.164",
        arguments: [
            "+966501234567", "00966501234567", "0501234567", "050 123 4567", "050-123-4567", "(050) 123.4567",
            "٠٥٠١٢٣٤٥٦٧", "۰۵۰۱۲۳۴۵۶۷", "０５０１２３４５６７", "+٩٦٦٥٠١٢٣٤٥٦٧", "\u{200F}0501234567\u{200F}",
            "tel: 0501234567", "966501234567", "+966 (0) 50 123 4567",
        ])
    func spellings(raw: String) {
        #expect(self.saudi.normalize(raw) == .ok("+966501234567"))
    }

    @Test("the reasons differ by what is wrong")
    func reasons() {
        #expect(self.saudi.normalize("") == .missing)
        #expect(self.saudi.normalize("   ") == .missing)
        #expect(self.saudi.normalize("call me") == .unparseable)
        #expect(self.saudi.normalize("12345") == .invalid)
        #expect(PhoneNormalizer(region: "SA", requireValid: false).normalize("+966 59 000 0000") != .unparseable)
    }

    @Test("other countries keep their own code")
    func international() {
        #expect(self.saudi.normalize("+971501234567") == .ok("+971501234567"))
        #expect(PhoneNormalizer(region: "AE", requireValid: true).normalize("050 123 4567") == .ok("+971501234567"))
    }
}
