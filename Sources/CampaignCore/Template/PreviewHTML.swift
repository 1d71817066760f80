import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts

/// `preview.html`, written by `campaign-submit --dry-run` beside the plan:
/// what exactly people will read (the template, the first ten recipients'
/// messages and the longest one) and when each part goes out, in UTC and in
/// the send window's zone. Self-contained like `report.html`.
enum PreviewHTML {
    static let fileName = RunFile.preview.name

    /// `language:`: a section per language, its recipients and the first message in it (Arabic right to left).
    static func languages(_ scan: MessageScan) -> String {
        scan.languages.map { language in
            let first = scan.firstIn[language.code]
            return "<h2>In \(ReportHTML.escape(language.code)): \(language.recipients) recipient(s)</h2>"
                + (first.map { ReportHTML.examples([$0], title: "The first of them will read") }
                    ?? "<p><strong>The run keeps no text in this language: the API has no approved \(ReportHTML.escape(language.code)) version to show.</strong></p>")
        }.joined()
    }

    static func write(
        plan: BatchPlan, window: SendWindow, template: MessageTemplate?, scan: MessageScan?,
        note: String?, to path: String
    ) throws {
        var body = "<h1>Preview — \(ReportHTML.escape(plan.runId))</h1>"
        body +=
            "<p class=\"lead\">\(plan.recipients) recipients in \(plan.batches.count) part(s), template \(ReportHTML.escape(plan.template)) [\(ReportHTML.escape(plan.language))], account \(ReportHTML.escape(plan.account)). Nothing has been sent.</p>"
        if let note { body += "<p><strong>\(ReportHTML.escape(note))</strong></p>" }
        if let template, let scan {
            body += ReportHTML.template(template)
            body += ReportHTML.examples(
                scan.first, title: "What the first \(scan.first.count) recipients will read")
            if scan.languages.count > 1 || template.translations != nil {
                body += Self.languages(scan)
            }
            if let longest = scan.longest {
                body += ReportHTML.examples(
                    [longest], title: "The longest message (\(longest.length) of \(MessageTemplate.maxLength) characters)")
            }
        } else {
            body += "<p>The template's text is not known (the API did not give it), so no message can be shown.</p>"
        }
        body +=
            "<h2>When it goes out</h2>"
            + ReportHTML.table(
                ["part", "recipients", "UTC", "local time", "zone", "window"],
                plan.batches.map { batch in
                    let start = batch.scheduledAt.flatMap { Timestamp.parse($0) }
                    let name = plan.zone(of: batch.index)
                    let zone = TimeZone(identifier: name) ?? TimeZone(identifier: "UTC") ?? .current
                    return [
                        "\(batch.index)/\(plan.batches.count)" + (batch.canary == true ? " canary" : ""), String(batch.count),
                        start.map(Timestamp.utc) ?? "at once",
                        start.map { Timestamp.local($0, in: zone) } ?? "at once", name, batch.window ?? plan.window,
                    ]
                })
        if let groups = plan.groups {
            body += "<h2>Each recipient's own morning (schedule.local_time)</h2>"
            body += ReportHTML.table(
                ["recipients", "regions", "window", "zone", "starts (UTC)", "starts (local)", "note"],
                groups.enumerated().map { index, group in
                    let zone = TimeZone(identifier: group.zone) ?? TimeZone(identifier: "UTC") ?? .current
                    let opens = plan.scheduledAt(ofGroup: index).flatMap { Timestamp.parse($0) }
                    return [
                        String(group.recipients), group.regions.keys.sorted().joined(separator: " "), group.window, group.zone,
                        opens.map(Timestamp.utc) ?? "at once", opens.map { Timestamp.local($0, in: zone) } ?? "at once",
                        group.note ?? "",
                    ]
                })
        }
        body +=
            "<p class=\"small\">Send window \(ReportHTML.escape(window.description)); planned \(ReportHTML.escape(plan.plannedAt)).</p>"
        try AtomicFileWriter.write(ReportHTML.page(title: "Preview \(plan.runId)", body: body), to: path)
    }
}
