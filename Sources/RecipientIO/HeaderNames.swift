import Foundation

/// Makes header names usable as field paths: trims them, names empty ones
/// `column_N`, and suffixes repeats (`Phone`, `Phone_2`) in a deterministic way.
enum HeaderNames {
    static func unique(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        result.reserveCapacity(raw.count)
        for (index, name) in raw.enumerated() {
            var base = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if base.isEmpty { base = "column_\(index + 1)" }
            var candidate = base
            var suffix = 2
            while seen.contains(candidate) {
                candidate = "\(base)_\(suffix)"
                suffix += 1
            }
            seen.insert(candidate)
            result.append(candidate)
        }
        return result
    }
}
