import CampaignCore
import CubeAPI
import Foundation

/// The bytes a receiver gets: `json` for scripts (stable keys, sorted), `slack` for people.
enum NewsBody {
    static func make(_ news: RunNews, format: NotifyTarget.Format) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch format {
        case .json: return try encoder.encode(JSONNews(news))
        case .slack:
            let text = Self.text(news)
            return try encoder.encode(
                SlackBody(text: text, blocks: [.init(type: "section", text: .init(type: "mrkdwn", text: text))]))
        }
    }

    /// A few lines a person reads on a phone: what, which run, the counts, where to look.
    static func text(_ news: RunNews) -> String {
        let run = news.run.map { " run \($0)" } ?? ""
        var lines: [String]
        switch news.event {
        case .finished:
            lines = ["✅ *\(news.pipeline)*\(run) finished: every record is accounted for."]
            lines.append(Self.counts(news.counts))
            for (language, counts) in (news.byLanguage ?? [:]).sorted(by: { $0.key < $1.key }) {
                lines.append("\(language): \(Self.counts(counts))")
            }
        case .paused:
            lines = ["⏸ *\(news.pipeline)*\(run) was paused: \(news.message ?? "")"]
        case .failed:
            lines = [
                "❌ *\(news.pipeline)*\(run): \(news.stage ?? "a stage") failed (exit \(news.status ?? 0)): \(news.message ?? "")"
            ]
            if let hint = news.hint { lines.append("→ \(hint)") }
        case .rejectedFile:
            lines = ["📥 \(news.file ?? "a file") was not taken by the inbox: \(news.message ?? "")"]
        }
        if let location = news.location { lines.append("see \(location)") }
        return lines.joined(separator: "\n")
    }

    static func counts(_ counts: [String: Int]) -> String {
        counts.filter { $0.value > 0 }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// `{"event": "run.finished", "run": …, "pipeline": …, "counts": {…}, "at": …}` and what else the event has.
    struct JSONNews: Encodable {
        var event: String
        var run: String?
        var pipeline: String
        var counts: [String: Int]
        var byLanguage: [String: [String: Int]]?
        var at: String
        var location: String?
        var stage: String?
        var status: Int?
        var message: String?
        var hint: String?
        var file: String?

        init(_ news: RunNews) {
            self.event = news.event.wireName
            self.run = news.run
            self.pipeline = news.pipeline
            self.counts = news.counts
            self.byLanguage = news.byLanguage
            self.at = Timestamp.utc(news.at)
            self.location = news.location
            self.stage = news.stage
            self.status = news.status
            self.message = news.message
            self.hint = news.hint
            self.file = news.file
        }

        enum CodingKeys: String, CodingKey {
            case event, run, pipeline, counts, at, location, stage, status, message, hint, file
            case byLanguage = "by_language"
        }
    }

    struct SlackBody: Encodable {
        struct Block: Encodable {
            struct Text: Encodable {
                var type: String
                var text: String
            }
            var type: String
            var text: Text
        }
        var text: String
        var blocks: [Block]
    }
}
