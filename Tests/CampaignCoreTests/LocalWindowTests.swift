import CubeAPI
import Foundation
import Testing
@testable import CampaignCore

@Suite("Each recipient's own morning: zones and windows")
struct LocalWindowTests {
    let december = Timestamp.parse("2026-12-02T23:00:00Z") ?? Date()

    @Test("09:00-21:00 in every US zone, Hawaii's included, is 14:00-21:00 New York time")
    func unitedStates() throws {
        let zones = try #require(RegionZones.table["US"])
        #expect(zones.first == "America/New_York" && zones.contains("Pacific/Honolulu"))
        let window = try #require(LocalWindow.of(zones: zones, start: 9 * 60, end: 21 * 60, at: self.december))
        #expect(window.zone == "America/New_York")
        #expect(window.hours == "14:00-21:00")
        #expect(window.note?.contains("all \(zones.count) zones") == true)
    }

    @Test("a region of one zone keeps the window as it is; a span wider than the window falls back to the first zone, saying so")
    func oneZoneAndNone() throws {
        let saudiZones = try #require(RegionZones.table["SA"])
        let saudi = try #require(LocalWindow.of(zones: saudiZones, start: 540, end: 1260, at: self.december))
        #expect(saudi.zone == "Asia/Riyadh" && saudi.hours == "09:00-21:00" && saudi.note == nil)
        let apart = try #require(LocalWindow.of(zones: ["Pacific/Kiritimati", "Pacific/Pago_Pago"], start: 540, end: 600, at: self.december))
        #expect(apart.hours == "09:00-10:00" && apart.note?.contains("no hour of the window holds") == true)
        #expect(saudi.opening(after: self.december).map(Timestamp.utc) == "2026-12-03T06:00:00Z")
    }

    @Test("regions that share a calling code are told apart; a number placed nowhere is not remembered for its neighbours")
    func sharedCallingCodes() {
        let regions = PhoneRegions()
        #expect(regions.region("+262692123456") == "RE")
        #expect(regions.region("+262639123456") == "YT")
        #expect(regions.region("+12124567890") == "US")
        #expect(regions.region("+14169671111") == "CA")
        #expect(regions.region("+966501234567") == "SA")
        #expect(regions.region("+966511111111") == "SA", "a calling code of one region is asked once")
        #expect(regions.region("+1999") == nil)
        #expect(regions.region("+12124567891") == "US")
    }
}

