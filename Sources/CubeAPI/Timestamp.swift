public import Foundation

/// The API's times: UTC ISO 8601 with `Z` on the way out, and local wall-clock
/// times plus an IANA zone (`2026-05-01T09:00:00` in `Asia/Riyadh`) on the way in.
public enum Timestamp {
    /// `2026-04-19T10:00:00Z`, whole seconds.
    public static func utc(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Hand-formatted: this runs for every row of every recipient page.
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int32, _ at: Int, _ width: Int) {
            var value = value
            for index in stride(from: at + width - 1, through: at, by: -1) {
                bytes[index] = 0x30 + UInt8(value % 10)
                value /= 10
            }
        }
        put(parts.tm_year + 1900, 0, 4)
        bytes[4] = 0x2D
        put(parts.tm_mon + 1, 5, 2)
        bytes[7] = 0x2D
        put(parts.tm_mday, 8, 2)
        bytes[10] = 0x54
        put(parts.tm_hour, 11, 2)
        bytes[13] = 0x3A
        put(parts.tm_min, 14, 2)
        bytes[16] = 0x3A
        put(parts.tm_sec, 17, 2)
        bytes[19] = 0x5A
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `1 h 20 m`, `45 m`, `2 d 3 h`: a wait (or a delay) as a person reads it.
    public static func span(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded(.up))
        let (days, hours, rest) = (minutes / 1_440, minutes % 1_440 / 60, minutes % 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return rest > 0 ? "\(hours) h \(rest) m" : "\(hours) h" }
        return "\(max(1, rest)) m"
    }

    /// `2026-05-01T09:00:00` as the wall clock of `zone` shows it.
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        let c = Self.calendar(zone).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0,
            c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM`; a time
    /// without an offset is read in `zone`. Returns nil for anything else.
    public static func parse(_ text: String, zone: TimeZone = TimeZone(identifier: "UTC") ?? .current) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<from + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 16, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2)
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let s = number(index + 1, 2) else { return nil }
            second = s
            index += 3
        }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds: Int?
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: "Z") && index + 1 == bytes.count {
                offsetSeconds = 0
            } else if (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) && bytes.count == index + 6,
                let h = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"), let m = number(index + 4, 2)
            {
                offsetSeconds = (h * 3600 + m * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let effectiveZone = offsetSeconds.flatMap { TimeZone(secondsFromGMT: $0) } ?? zone
        let calendar = Self.calendar(effectiveZone)
        guard let date = calendar.date(from: components) else { return nil }
        // Reject dates the calendar silently rolled over (Feb 30 → Mar 2).
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == day else { return nil }
        return date.addingTimeInterval(fraction)
    }
}
