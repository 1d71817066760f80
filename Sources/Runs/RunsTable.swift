import Foundation

/// `campaign-runs list`'s table: one line a run, columns padded to their widest cell.
public enum RunsTable {
    public static let header = ["run", "pipeline", "planned", "status", "records", "sent", "failed", "rejected"]

    public static func text(_ listings: [RunListing]) -> String {
        let rows =
            [Self.header]
            + listings.map { listing in
                let status = listing.status.rawValue + (listing.next.map { " (next \($0))" } ?? "")
                return [
                    listing.run, listing.pipeline, listing.planned ?? "-", status, String(listing.records), String(listing.sent),
                    String(listing.failed), String(listing.rejected),
                ]
            }
        let widths = Self.header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
