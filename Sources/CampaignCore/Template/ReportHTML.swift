import CubeAPI
import Foundation
import RecipientIO
public import RunArtifacts

/// `report.html`: one self-contained page a person reads the next morning —
/// totals, an inline SVG bar chart, reasons, campaigns, examples, inputs and
/// timings. No scripts, no fonts, no network references.
public enum ReportHTML {
    static let colors: [RecordOutcome: String] = [
        .sent: "#2e7d32", .failed: "#c62828", .pending: "#f9a825", .cancelled: "#6d4c41",
        .rejected: "#ad1457", .duplicate: "#5e35b1", .suppressed: "#546e7a", .notSubmitted: "#ef6c00",
        .filtered: "#78909c",
    ]

    /// Text for HTML: the five characters that could end an element or an attribute, escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func chart(_ summary: ReportSummary) -> String {
        let outcomes = RecordOutcome.allCases.filter { (summary.byOutcome[$0.rawValue] ?? 0) > 0 }
        let maximum = max(1, outcomes.map { summary.byOutcome[$0.rawValue] ?? 0 }.max() ?? 1)
        let rowHeight = 28
        let height = max(1, outcomes.count) * rowHeight + 10
        // Inline SVG in HTML needs no namespace, so the page holds no URL at all.
        var svg = "<svg role=\"img\" aria-label=\"Outcomes\" width=\"640\" height=\"\(height)\" viewBox=\"0 0 640 \(height)\">"
        for (index, outcome) in outcomes.enumerated() {
            let count = summary.byOutcome[outcome.rawValue] ?? 0
            let width = max(2, Int(Double(count) / Double(maximum) * 400))
            let y = index * rowHeight + 5
            svg += "<text x=\"0\" y=\"\(y + 17)\" font-size=\"13\">\(outcome.rawValue)</text>"
            svg +=
                "<rect x=\"120\" y=\"\(y)\" width=\"\(width)\" height=\"22\" fill=\"\(Self.colors[outcome] ?? "#999")\"></rect>"
            svg += "<text x=\"\(126 + width)\" y=\"\(y + 17)\" font-size=\"13\">\(count)</text>"
        }
        return svg + "</svg>"
    }

    /// `2026-12-03T09:00:00 Europe/London`: when a campaign starts where its recipients are.
    static func localStart(_ snapshot: CampaignSnapshot) -> String {
        guard let zoneName = snapshot.timezone, let zone = TimeZone(identifier: zoneName) else { return "" }
        guard let start = snapshot.scheduledAt.flatMap({ Timestamp.parse($0) }) else { return "now (\(zoneName))" }
        return "\(Timestamp.local(start, in: zone)) \(zoneName)"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var html = "<table><thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { html += "<tr>" + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>" }
        return html + "</tbody></table>"
    }

    public static func write(
        summary: ReportSummary, snapshots: [CampaignSnapshot], manifest: RunManifest,
        examples: [String: [ReportSummary.Example]], messages: (MessageTemplate, [MessageScan.Rendered])? = nil,
        timeline: Bool = false, to path: String
    ) throws {
        let total = summary.records
        var body = "<h1>Campaign report — \(Self.escape(summary.runId))</h1>"
        body += "<p class=\"lead\">\(total) input records; every one is accounted for below"
        body += summary.addsUp ? " (the counts add up).</p>" : " — <strong>the counts do not add up</strong>.</p>"
        body += "<h2>Outcomes</h2>" + Self.chart(summary)
        body += Self.table(
            ["outcome", "records", "share"],
            RecordOutcome.allCases.compactMap { outcome in
                guard let count = summary.byOutcome[outcome.rawValue], count > 0 else { return nil }
                return [outcome.rawValue, String(count), String(format: "%.1f%%", 100 * Double(count) / Double(max(total, 1)))]
            })
        body += Self.languages(summary)
        if let (template, rendered) = messages {
            body +=
                Self.template(template)
                + Self.examples(rendered, title: "What \(rendered.count) recipients read")
        }
        if !summary.byReason.isEmpty {
            body +=
                "<h2>Reasons</h2>"
                + Self.table(
                    ["reason", "records"],
                    summary.byReason.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map {
                        [$0.key, String($0.value)]
                    })
        }
        // Only a paced run's page draws it: every other run's page stays the bytes it was.
        if timeline {
            body += Self.timeline(snapshots, createdAt: nil)
        }
        body +=
            "<h2>Campaigns</h2>"
            + Self.table(
                ["part", "campaign", "status", "recipients", "sent", "failed", "scheduled (UTC)", "local time"],
                snapshots.map {
                    [
                        $0.part, $0.campaignId, $0.status.rawValue, String($0.recipients), String($0.sent), String($0.failed),
                        $0.scheduledAt ?? "now", Self.localStart($0),
                    ]
                })
        for (outcome, rows) in examples.sorted(by: { $0.key < $1.key }) {
            body +=
                "<h2>First \(outcome) rows</h2>"
                + Self.table(
                    ["source", "line", "phone", "reason", "error"],
                    rows.map { [$0.source, String($0.line), $0.phone, $0.reason, $0.error] })
        }
        body +=
            "<h2>Inputs</h2>"
            + Self.table(
                ["file", "format", "encoding", "compression", "bytes", "records", "sha256"],
                manifest.inputs.map {
                    [$0.path, $0.format, $0.encoding, $0.compression, String($0.bytes), String($0.records), $0.sha256]
                })
        body +=
            "<h2>Timings</h2>"
            + Self.table(
                ["step", "seconds"],
                summary.timings.sorted { $0.key < $1.key }.map { [$0.key, String(format: "%.2f", $0.value)] })
        body +=
            "<p class=\"small\">API requests while reporting: \(summary.requests). Pipeline \(Self.escape(manifest.pipeline?.name ?? "")), digest \(Self.escape(String((manifest.pipeline?.digest ?? "").prefix(12)))).</p>"
        let page = Self.page(title: "Campaign report \(summary.runId)", body: body)
        try AtomicFileWriter.write(page, to: path)
    }

    /// A whole self-contained page: inline style, no scripts, no fonts, no URL. Text a person wrote
    /// (messages, names) goes in `dir="auto"` elements so Arabic reads right to left in place.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans Arabic",sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}
        h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:start}
        th{background:#f5f5f5}.lead{font-size:1.1rem}.small{color:#666;font-size:.8rem}svg{margin:.5rem 0}
        .bubble{background:#dcf8c6;border-radius:.6rem;padding:.6rem .8rem;max-width:34rem;white-space:pre-wrap;margin:.4rem 0;unicode-bidi:plaintext}
        .header{font-weight:600}.meta{color:#666;font-size:.8rem}
        </style></head><body>
        \(body)
        </body></html>

        """
    }

    /// One message as a chat bubble, in the template's language.
    static func bubble(_ text: String, header: String?, language: String) -> String {
        let lang = Self.escape(language.replacingOccurrences(of: "_", with: "-"))
        let head = header.map { "<div class=\"header\" dir=\"auto\" lang=\"\(lang)\">\(Self.escape($0))</div>" } ?? ""
        return "<div class=\"bubble\">\(head)<div dir=\"auto\" lang=\"\(lang)\">\(Self.escape(text))</div></div>"
    }

    /// The template as approved, placeholders and all: in each language the run sends (`language:`).
    static func template(_ template: MessageTemplate) -> String {
        ([template] + (template.translations ?? [])).map { text in
            "<h2>Template \(Self.escape(text.name)) [\(Self.escape(text.language))]</h2>"
                + Self.bubble(text.body, header: text.header, language: text.language)
        }.joined()
    }

    /// `language:`: each language's recipients and what became of them.
    static func languages(_ summary: ReportSummary) -> String {
        guard let byLanguage = summary.byLanguage, !byLanguage.isEmpty else { return "" }
        let outcomes = RecordOutcome.allCases.filter { outcome in byLanguage.values.contains { ($0[outcome.rawValue] ?? 0) > 0 } }
        return "<h2>Languages</h2>"
            + Self.table(
                ["language", "recipients"] + outcomes.map(\.rawValue) + ["fallback"],
                byLanguage.sorted { $0.key < $1.key }.map { language, counts in
                    let recipients = counts.filter { $0.key != "fallback" }.values.reduce(0, +)
                    return [language, String(recipients)] + outcomes.map { String(counts[$0.rawValue] ?? 0) }
                        + [String(counts["fallback"] ?? 0)]
                })
    }

    /// Rendered messages under a heading, as the preview and the report both show them, each in its own language.
    static func examples(_ examples: [MessageScan.Rendered], title: String) -> String {
        var html = "<h2>\(Self.escape(title))</h2>"
        for example in examples {
            html += "<p class=\"meta\">\(Self.escape(ReportSummary.masked(example.phone)))"
            if let name = example.name { html += " · <span dir=\"auto\">\(Self.escape(name))</span>" }
            html += " · \(Self.escape(example.source)) record \(example.record) · \(example.length) characters</p>"
            html += Self.bubble(example.text, header: example.header, language: example.language)
        }
        return html
    }
}
