import CampaignCore
import CubeAPI
import Foundation
import RecipientIO

/// `index.html`: the runs of a folder on one self-contained page (no script, no font, no URL but the
/// runs' own files, relative), each row linking to that run's report, preview and error text.
public enum RunsIndexHTML {
    static let colours: [RunState: String] = [
        .done: "#2e7d32", .failed: "#c62828", .paused: "#6d4c41", .waiting: "#f9a825", .sending: "#1565c0",
        .ready: "#546e7a",
    ]

    /// Writes the page at `path`; links are relative to the page's folder.
    public static func write(_ listings: [RunListing], to path: String, title: String = "Campaign runs") throws {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        var rows = ""
        for listing in listings {
            let folder = Self.relative(listing.path, from: base)
            let links = listing.links.map { "<a href=\"\(Self.escape(folder + "/" + $0))\">\(Self.escape($0))</a>" }
                .joined(separator: " ")
            let colour = Self.colours[listing.status] ?? "#999"
            let status =
                "<span class=\"state\" style=\"background:\(colour)\">\(listing.status.rawValue)</span>"
                + (listing.next.map { " next \(Self.escape($0))" } ?? "")
                + (listing.why.map { "<div class=\"why\" dir=\"auto\">\(Self.escape($0))</div>" } ?? "")
            let cells = [
                Self.escape(listing.run), Self.escape(listing.pipeline), Self.escape(listing.planned ?? "-"), status,
                String(listing.records), String(listing.sent), String(listing.failed), String(listing.rejected), links,
            ]
            rows += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        let header = (RunsTable.header + ["pages"]).map { "<th>\($0)</th>" }.joined()
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans Arabic",sans-serif;margin:2rem auto;max-width:72rem;color:#222;padding:0 1rem}
            table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ddd;padding:.3rem .6rem;text-align:start;vertical-align:top}
            .state{color:#fff;border-radius:.3rem;padding:.05rem .4rem}.why{color:#555;font-size:.8rem;max-width:28rem}
            </style></head><body>
            <h1>\(Self.escape(title))</h1>
            <p>\(listings.count) run(s), newest first; written \(Self.escape(Timestamp.utc(Date())))</p>
            <table><thead><tr>\(header)</tr></thead><tbody>
            \(rows)</tbody></table>
            </body></html>

            """
        try AtomicFileWriter.write(page, to: path)
    }

    /// `runs/x` from the page's folder; the path itself when it is not under it.
    static func relative(_ path: String, from base: String) -> String {
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        return full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : full
    }

    static func escape(_ text: String) -> String { ReportHTML.escape(text) }
}
