import CubeAPI
import Foundation
import RunArtifacts

extension ReportHTML {
    /// The parts on a line of time (`pace:`): each a bar at its start, as long as a part of its size
    /// is wide relative to the largest, the canary in its own colour; inline SVG, no script.
    static func timeline(_ snapshots: [CampaignSnapshot], createdAt: Date?) -> String {
        let starts = snapshots.map { snapshot in snapshot.scheduledAt.flatMap { Timestamp.parse($0) } ?? createdAt }
        let known = starts.compactMap { $0 }
        guard snapshots.count > 1, let first = known.min(), let last = known.max() else { return "" }
        let span = max(60, last.timeIntervalSince(first))
        let largest = max(1, snapshots.map(\.recipients).max() ?? 1)
        let rowHeight = 24
        let height = snapshots.count * rowHeight + 30
        var svg =
            "<h2>Timeline</h2><svg role=\"img\" aria-label=\"When each part starts\" width=\"760\" height=\"\(height)\" viewBox=\"0 0 760 \(height)\">"
        for (index, snapshot) in snapshots.enumerated() {
            let offset = starts[index].map { $0.timeIntervalSince(first) } ?? 0
            let x = 150 + Int(offset / span * 520)
            let width = max(4, Int(Double(snapshot.recipients) / Double(largest) * 60))
            let y = index * rowHeight + 5
            let colour = snapshot.canary == true ? "#f9a825" : snapshot.status == .cancelled ? "#6d4c41" : "#2e7d32"
            let label = "part \(snapshot.part)" + (snapshot.canary == true ? " (canary)" : "")
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(Self.escape(label))</text>"
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"18\" fill=\"\(colour)\"></rect>"
            let when = starts[index].map { "+" + Self.hours($0.timeIntervalSince(first)) } ?? ""
            svg += "<text x=\"\(x + width + 4)\" y=\"\(y + 14)\" font-size=\"11\">\(snapshot.recipients) \(when)</text>"
        }
        let axis = snapshots.count * rowHeight + 22
        svg += "<text x=\"150\" y=\"\(axis)\" font-size=\"11\">\(Timestamp.utc(first))</text>"
        svg += "<text x=\"560\" y=\"\(axis)\" font-size=\"11\">\(Timestamp.utc(last))</text>"
        return svg + "</svg>"
    }

    /// `2 h`, `1.5 h`, `0 h`: an offset from the first start.
    static func hours(_ seconds: TimeInterval) -> String {
        let value = (seconds / 360).rounded() / 10
        return value == value.rounded() ? "\(Int(value)) h" : "\(value) h"
    }
}
