import Foundation

/// How a mapped column name finds a file's column, as people type names: an
/// exact match first, else one that differs only in case, surrounding spaces,
/// a BOM, zero-width characters, or `_`, `-` and space (`Mobile Number` =
/// `mobile_number` = `MOBILE-NUMBER`). The one definition that workbook sheet
/// choice and validate's mapping both use.
public enum ColumnName {
    public enum Match: Equatable, Sendable {
        case exact(Int)
        case loose(Int)
        /// Two columns match the same loose way: which one is meant is not ours to guess.
        case ambiguous(Int, Int)
        case missing

        public var index: Int? {
            switch self {
            case .exact(let index), .loose(let index): index
            case .ambiguous, .missing: nil
            }
        }
    }

    private static let invisible: Set<Unicode.Scalar> = ["\u{FEFF}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}"]

    /// The form two names share when they match loosely.
    public static func loose(_ name: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in name.unicodeScalars where !Self.invisible.contains(scalar) {
            if scalar == "_" || scalar == "-" || CharacterSet.whitespacesAndNewlines.contains(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result.lowercased()
    }

    public static func find(_ wanted: String, in names: some Collection<String>) -> Match {
        if let exact = names.firstIndex(of: wanted) { return .exact(names.distance(from: names.startIndex, to: exact)) }
        let key = Self.loose(wanted)
        var found: Int?
        for (index, name) in names.enumerated() where Self.loose(name) == key {
            if let first = found { return .ambiguous(first, index) }
            found = index
        }
        return found.map { .loose($0) } ?? .missing
    }

    /// The name most like `wanted` (fewest edits between their loose forms), for "did you mean".
    public static func closest(to wanted: String, in names: [String]) -> String? {
        let key = Array(Self.loose(wanted))
        return names.min { Self.distance(key, Array(Self.loose($0))) < Self.distance(key, Array(Self.loose($1))) }
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
