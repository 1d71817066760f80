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

    @Test("a region of one zone keeps the window as it is; zones a day apart share no hour of a short window")
    func oneZoneAndNone() throws {
        let saudiZones = try #require(RegionZones.table["SA"])
        let saudi = try #require(LocalWindow.of(zones: saudiZones, start: 540, end: 1260, at: self.december))
        #expect(saudi.zone == "Asia/Riyadh" && saudi.hours == "09:00-21:00" && saudi.note == nil)
        #expect(
            LocalWindow.of(zones: ["Pacific/Kiritimati", "Pacific/Pago_Pago"], start: 540, end: 600, at: self.december) == nil)
        #expect(try saudi.opening(after: self.december).map(Timestamp.utc) == "2026-12-03T06:00:00Z")
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
        #expect(regions.region("+1999") == "US", "placed nowhere: the calling code's main region, not remembered")
        // A possible but unplaced number takes its calling code's main region; +800 has none.
        #expect(regions.region("+447700900123") == "GB")
        #expect(regions.region("+80012345678") == nil)
        // Where regions split below seven characters: Cocos against Christmas Island, Rome against the Vatican.
        #expect(regions.region("+61891621234") == "CC")
        #expect(regions.region("+61891641234") == "CX")
        #expect(regions.region("+61851000123") == "AU")
        #expect(regions.region("+61851001123") == "CX")
        #expect(regions.region("+61851002123") == "CC")
        #expect(regions.region("+390669812345") == "VA")
        #expect(regions.region("+390661234567") == "IT")
        #expect(regions.region("+3906698123") == "VA")
        #expect(regions.region("+3906690123") == "IT")
        #expect(regions.region("+12124567891") == "US")
    }

    @Test("a day on which no hour of the window holds in all the zones is closed, and a region that has none is skipped")
    func noSharedHour() throws {
        let zones = try #require(RegionZones.table["US"])
        // 09:00-14:30: in winter 14:00-14:30 New York; from 2027-03-14 (New York -4, Honolulu -10) no hour at all.
        let window = try #require(LocalWindow.sendWindow(zones: zones, start: 9 * 60, end: 14 * 60 + 30))
        let winter = try #require(Timestamp.parse("2027-03-01T05:00:00Z"))
        let summer = try #require(Timestamp.parse("2027-03-20T05:00:00Z"))
        #expect(window.opening(daysAfter: 0, of: winter).map(Timestamp.utc) == "2027-03-01T19:00:00Z")
        #expect(window.opening(daysAfter: 0, of: summer) == nil)
        #expect(window.earliestStart(from: summer) == nil)
        #expect(LocalWindow.of(zones: zones, start: 9 * 60, end: 14 * 60 + 30, at: summer) == nil)
        // Such a region's window is closed: its group is skipped (reported not_submitted), the others go.
        let closed = try ZoneGroups.window(
            region: "US", schedule: .init(at: nil, timezone: "UTC", windowStart: 540, windowEnd: 870, localTime: true),
            at: summer)
        #expect(closed.closed?.contains("no hour of schedule.window 09:00-14:30 holds in all") == true)
        #expect(try ZoneGroups.group(closed, language: nil, at: summer).skipped != nil)
        #expect(LocalWindow.sendWindow(zones: ["America/New_York", "Mars/Olympus_Mons"], start: 540, end: 1260) == nil)
    }

    @Test(
        "the US window is worked out for each day: 14:00 New York in winter, 15:00 once New York moves its clocks and Hawaii does not"
    )
    func daylightSaving() throws {
        let zones = try #require(RegionZones.table["US"])
        let window = try #require(LocalWindow.sendWindow(zones: zones, start: 9 * 60, end: 21 * 60))
        let winter = try #require(Timestamp.parse("2027-03-01T05:00:00Z"))
        let summer = try #require(Timestamp.parse("2027-03-20T05:00:00Z"))
        // Both are 09:00 in Honolulu.
        #expect(window.opening(daysAfter: 0, of: winter).map(Timestamp.utc) == "2027-03-01T19:00:00Z")
        #expect(window.opening(daysAfter: 0, of: summer).map(Timestamp.utc) == "2027-03-20T19:00:00Z")
        let eastern = try #require(TimeZone(identifier: "America/New_York"))
        #expect(window.opening(daysAfter: 0, of: summer).map { Timestamp.local($0, in: eastern) } == "2027-03-20T15:00:00")
        // 14:30 New York is inside the window in winter, and before 09:00 in Hawaii in summer.
        let winterAfternoon = try #require(Timestamp.parse("2027-03-01T19:30:00Z"))
        let summerEarly = try #require(Timestamp.parse("2027-03-20T18:30:00Z"))
        #expect(window.contains(winterAfternoon))
        #expect(!window.contains(summerEarly))
        // A tier split planned in winter opens on each later day at that day's hours.
        let part = JournalState.Part(id: "1", batch: 1, offset: 0, count: 300, scheduledAt: nil, status: .planned, key: "k")
        let now = try #require(Timestamp.parse("2027-03-13T20:00:00Z"))
        let split = try #require(TierSplit.parts(part: part, remaining: 100, dailyLimit: 100, window: window, now: now))
        #expect(split.map(\.scheduledAt) == [nil, "2027-03-14T19:00:00Z", "2027-03-15T19:00:00Z"])
    }
}
