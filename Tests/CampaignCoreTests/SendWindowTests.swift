import CubeAPI
import Foundation
import Testing
@testable import CampaignCore

@Suite("Send window")
struct SendWindowTests {
    static func window(_ zone: String, _ start: Int = 9 * 60, _ end: Int = 21 * 60) -> SendWindow {
        SendWindow(schedule: .init(at: nil, timezone: zone, windowStart: start, windowEnd: end))
    }

    static func date(_ text: String) throws -> Date { try #require(Timestamp.parse(text)) }

    @Test("inside goes now; before the window waits for today's opening, after it for tomorrow's")
    func earliestStart() throws {
        let riyadh = Self.window("Asia/Riyadh")
        // 02:00 in Riyadh (UTC+3) is 23:00Z the day before.
        #expect(!riyadh.contains(try Self.date("2026-04-30T23:00:00Z")))
        #expect(riyadh.earliestStart(from: try Self.date("2026-04-30T23:00:00Z")).map(Timestamp.utc) == "2026-05-01T06:00:00Z")
        #expect(riyadh.contains(try Self.date("2026-05-01T06:00:00Z")))
        #expect(riyadh.earliestStart(from: try Self.date("2026-05-01T10:00:00Z")).map(Timestamp.utc) == "2026-05-01T10:00:00Z")
        // 21:00 is already outside: the end is the first minute past the window.
        #expect(!riyadh.contains(try Self.date("2026-05-01T18:00:00Z")))
        #expect(riyadh.earliestStart(from: try Self.date("2026-05-01T18:00:00Z")).map(Timestamp.utc) == "2026-05-02T06:00:00Z")
    }

    @Test("09:00 Europe/London on the day clocks go forward is 08:00Z; the day before it is 09:00Z")
    func daylightSaving() throws {
        let london = Self.window("Europe/London")
        #expect(london.earliestStart(from: try Self.date("2027-03-28T03:00:00Z")).map(Timestamp.utc) == "2027-03-28T08:00:00Z")
        #expect(london.earliestStart(from: try Self.date("2027-03-27T03:00:00Z")).map(Timestamp.utc) == "2027-03-27T09:00:00Z")
        // And back in October: 09:00 is 08:00Z before the change, 09:00Z after.
        #expect(london.earliestStart(from: try Self.date("2027-10-30T22:00:00Z")).map(Timestamp.utc) == "2027-10-31T09:00:00Z")
    }

    @Test("a window to midnight takes the last minutes of the day")
    func toMidnight() throws {
        let utc = Self.window("UTC", 18 * 60, 24 * 60)
        #expect(utc.contains(try Self.date("2026-05-01T23:59:00Z")))
        #expect(!utc.contains(try Self.date("2026-05-01T00:30:00Z")))
        #expect(utc.earliestStart(from: try Self.date("2026-05-01T00:30:00Z")).map(Timestamp.utc) == "2026-05-01T18:00:00Z")
    }
}
