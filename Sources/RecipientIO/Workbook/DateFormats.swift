import Foundation

/// Which number formats show a date or a time, so such a cell becomes ISO 8601
/// text rather than its serial: the built-in ids Excel reserves for them, and
/// custom codes whose letters, outside quotes, escapes and brackets, hold
/// `y`/`d` (a date), `h`/`s` (a time) or `m` (minutes next to `h` or `s`,
/// months otherwise); `[h]` elapsed hours count as a time, `[Red]` nothing.
enum DateFormats {
    static func builtIn(_ id: Int) -> SerialDate.Shape? {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: .date
        case 22: .dateTime
        case 18...21, 32, 33, 45...47: .time
        default: nil
        }
    }

    /// Excel's longest format code; a longer one is no date format of any writer's.
    static let maxCodeLength = 255

    static func shape(ofCode code: String) -> SerialDate.Shape? {
        guard code.utf8.count <= Self.maxCodeLength else { return nil }
        // AM/PM markers hold an `m` that is neither months nor minutes.
        let lowered = code.lowercased().replacingOccurrences(of: "am/pm", with: "").replacingOccurrences(of: "a/p", with: "")
        let runs = Self.letterRuns(lowered)
        var hasDate = false
        var hasTime = false
        for (index, letter) in runs.enumerated() {
            switch letter {
            case "y", "d": hasDate = true
            case "h", "s": hasTime = true
            case "m":
                let minutes = (index > 0 && runs[index - 1] == "h") || (index + 1 < runs.count && runs[index + 1] == "s")
                if minutes { hasTime = true } else { hasDate = true }
            default: break
            }
        }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return nil
        }
    }

    /// The date and time letters of a format code, one per run (`yyyy-mm-dd` is `y m d`).
    private static func letterRuns(_ code: String) -> [Character] {
        var runs: [Character] = []
        var inQuotes = false
        var escaped = false
        var bracket: String?
        var last: Character?
        for character in code {
            if escaped { escaped = false; continue }
            if inQuotes { if character == "\"" { inQuotes = false }; continue }
            if let open = bracket {
                if character == "]" {
                    if !open.isEmpty && open.allSatisfy({ "hms".contains($0) }), let first = open.first {
                        runs.append(first == "m" ? "h" : first)  // elapsed minutes are a time, never months
                    }
                    bracket = nil
                    last = nil
                } else {
                    bracket = open + String(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "\\", "_", "*": escaped = true
            case "[": bracket = ""
            case "y", "m", "d", "h", "s":
                if character != last { runs.append(character) }
                last = character
                continue
            default: break
            }
            last = nil
        }
        return runs
    }
}
