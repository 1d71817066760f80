import CubeAPI
import Foundation
public import RunArtifacts

extension SubmitStage {
    /// `--dry-run`: the plan in words, the first three messages as their recipients will read
    /// them, and `preview.html` beside the plan with the first ten, the longest and the schedule.
    /// Nothing is created; the template's text comes from the run (`template.json`) or the API.
    public func preview(_ plan: BatchPlan) async throws -> String {
        var lines = [self.describe(plan)]
        lines += self.describeFilter()
        var note: String?
        var template = try MessageTemplate.kept(
            in: self.directory, name: plan.template, language: plan.language, others: TemplateFetch.otherLanguages(self.pipeline))
        if template == nil {
            do {
                template = TemplateFetch.find(
                    self.pipeline, in: try await self.client.templates(account: plan.account, retry: .single))
                if template == nil { note = "the API shows no text for template \(plan.template) [\(plan.language)]" }
            } catch {
                note =
                    "the API did not answer for the template's text (\(CampaignError.from(error, doing: "reading the templates").message))"
            }
        }
        let scan = try template.map { try MessageScan.scan(self.directory, template: $0, keep: 10) }
        if let scan {
            lines.append(
                "the first \(min(3, scan.first.count)) of \(scan.recipients) messages, as their recipients will read them:")
            for example in scan.first.prefix(3) {
                lines.append(
                    "  to \(ReportSummary.masked(example.phone)) (\(example.source) record \(example.record), \(example.length) characters):"
                )
                if let header = example.header { lines.append("    \(header)") }
                lines += example.text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            }
            if self.pipeline.language != nil {
                lines += Self.describeLanguages(scan)
            }
            if scan.tooLong > 0 {
                lines.append(
                    "\(scan.tooLong) message(s) are longer than \(MessageTemplate.maxLength) characters: submit will refuse them (run campaign-validate)"
                )
            }
        } else if let note {
            lines.append("no message can be shown: \(note)")
        }
        if let groups = plan.groups {
            lines.append(
                self.pipeline.schedule.localTime
                    ? "schedule.local_time: each number's own zone (from its region); each group below has its own part(s):"
                    : "\(self.groupsTitle(count: groups.count)); each group below has its own part(s):")
            lines += ZoneGroups.describe(plan)
        }
        let path = self.directory.file(PreviewHTML.fileName)
        try PreviewHTML.write(
            plan: plan, window: SendWindow(schedule: self.pipeline.schedule), template: template, scan: scan,
            note: note, to: path)
        lines.append("preview: \(path)")
        // Names and variables come from the export: on a terminal they are shown, never obeyed.
        return ControlCharacters.visible(lines.joined(separator: "\n"), lines: true)
    }

    /// `language:`: each language's recipients, and the first message in it as its recipient will read it.
    static func describeLanguages(_ scan: MessageScan) -> [String] {
        var lines = ["languages (language:):"]
        for language in scan.languages {
            guard let first = scan.firstIn[language.code] else {
                lines.append("  \(language.code): \(language.recipients) recipient(s); the run keeps no text in it to show")
                continue
            }
            lines.append(
                "  \(language.code): \(language.recipients) recipient(s); the first, to \(ReportSummary.masked(first.phone)), will read:"
            )
            if let header = first.header { lines.append("    \(header)") }
            lines += first.text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        return lines
    }

    /// `filter:`: how many records each rule left out, as validate counted them.
    func describeFilter() -> [String] {
        guard !self.pipeline.filter.isEmpty else { return [] }
        let counts = (try? RunManifest.load(self.directory))?.stages.validate?.byFilter
        return ["filter (records left out are counted as filtered, not rejected):"]
            + self.pipeline.filter.map { rule in
                let count = counts?[RecipientRules.filteredMessage(rule)].map { "\($0) record(s) left out" } ?? "not counted yet"
                return "  \(rule.description): \(count)"
            }
    }
}
