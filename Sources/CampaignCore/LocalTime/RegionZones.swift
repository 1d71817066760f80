import Foundation

/// Which IANA zones a country's numbers may be in, from tzdata's `zone.tab`
/// (one line per zone and country; the file's first zone of a country is the
/// clock its shared window is told on), read once from `/usr/share/zoneinfo`.
public enum RegionZones {
    public static let path = "/usr/share/zoneinfo/zone.tab"

    /// Country code (`US`) → its zones in the file's order; empty when the file cannot be read.
    public static let table: [String: [String]] = Self.load(path: Self.path)

    static func load(path: String) -> [String: [String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 3, columns[0].count == 2 else { continue }
            table[String(columns[0]), default: []].append(String(columns[2]))
        }
        return table
    }
}
