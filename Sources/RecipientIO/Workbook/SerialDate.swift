/// A spreadsheet date serial as ISO 8601: days since the workbook's epoch, the
/// fraction the time of day. The 1900 system counts the 29 February 1900 that
/// Lotus 1-2-3 invented (serial 60), so serials before it are a day early; the
/// 1904 system (old Mac Excel) starts on 1 January 1904.
enum SerialDate {
    enum Shape {
        case date, dateTime, time
    }

    /// Days from 1970-01-01 to the day before each epoch's day 1 (or day 0 for 1904).
    private static let epoch1900 = -25_569  // 1899-12-30, for serials from 61
    private static let epoch1904 = -24_107  // 1904-01-01 is serial 0

    static func iso(_ serial: Double, system1904: Bool, shape: Shape) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var seconds = (serial * 86_400).rounded()
        var days = (seconds / 86_400).rounded(.down)
        seconds -= days * 86_400
        if !system1904 && days < 61 {
            // 1900-02-29 does not exist: serial 60 is shown as it, 1..59 are one day later than the plain count.
            if days == 60 {
                return shape == .time ? Self.time(seconds) : "1900-02-29" + (shape == .dateTime ? "T" + Self.time(seconds) : "")
            }
            days += 1
        }
        let (year, month, day) = Self.civil(Int(days) + (system1904 ? Self.epoch1904 : Self.epoch1900))
        let date = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        switch shape {
        case .date: return date
        case .dateTime: return date + "T" + Self.time(seconds)
        case .time: return Self.time(seconds)
        }
    }

    private static func time(_ seconds: Double) -> String {
        let total = Int(seconds)
        return Self.pad(total / 3600, 2) + ":" + Self.pad(total / 60 % 60, 2) + ":" + Self.pad(total % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Howard Hinnant's days-to-civil: the proleptic Gregorian date of a day count from 1970-01-01.
    static func civil(_ daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
