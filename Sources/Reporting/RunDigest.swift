import CampaignCore
import Foundation
public import RunArtifacts

/// The few lines a person reads at the end of a run: what came in, what was
/// refused and why, what was sent, and where the report is.
public enum RunDigest {
    public static func text(manifest: RunManifest, summary: ReportSummary, directory: RunDirectory) -> String {
        let files = manifest.inputs.count
        var lines = ["run \(manifest.runId): \(summary.records) records read from \(files) file\(files == 1 ? "" : "s")"]
        if let validate = manifest.stages.validate {
            let reasons = validate.byReason.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append(
                "  accepted \(validate.accepted), rejected \(validate.rejected)\(reasons.isEmpty ? "" : " (\(reasons))")")
        }
        let outcomes = RecordOutcome.allCases.map {
            "\($0.rawValue.replacingOccurrences(of: "_", with: " ")) \(summary.byOutcome[$0.rawValue] ?? 0)"
        }
        lines.append("  " + outcomes.joined(separator: ", "))
        lines.append("  counts add up to the records read: \(summary.addsUp ? "yes" : "NO")")
        lines.append("  report: \(directory.report) (also \(RunFile.html), \(RunFile.summary), \(RunFile.failed))")
        return lines.joined(separator: "\n")
    }
}
