import ArtifactText
public import Foundation
import RecipientIO

/// `CUBE_METRICS_DIR`: each stage leaves `<pipeline>.prom` there for node_exporter's textfile
/// collector (Prometheus' advice for batch jobs): when the stage last succeeded, how it last ended and
/// how long it took, and after a report the records by outcome. Written whole to a temp file and
/// renamed, so the collector never reads half a file; a stage replaces only its own series, so the
/// other stages' (and other pipelines' files) stay as they were.
public struct StageMetrics: Sendable {
    public let directory: String
    public let pipeline: String

    /// Nil when `CUBE_METRICS_DIR` is not set: no metrics are kept.
    public init?(pipeline: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let directory = environment["CUBE_METRICS_DIR"], !directory.isEmpty else { return nil }
        self.directory = directory
        self.pipeline = pipeline
    }

    public var path: String { self.directory + "/" + self.pipeline + ".prom" }

    /// The metrics this product writes, each with its help and type, in the order the file lists them.
    static let families: [(name: String, type: String, help: String)] = [
        ("cube_run_last_success_timestamp_seconds", "gauge", "When the stage last ended with exit code 0 (Unix time)."),
        ("cube_run_last_exit_code", "gauge", "The exit code the stage last ended with (sysexits: 0, 64, 65, 69, 75, 77, 78)."),
        ("cube_run_duration_seconds", "gauge", "How long the stage's last run took."),
        ("cube_run_records", "gauge", "The last report's input records by outcome."),
    ]

    /// A stage ended with `exitCode` after `duration` seconds; `records` (a report's outcomes) replaces the counts.
    public func record(
        stage: String, exitCode: Int32, duration: TimeInterval, records: [String: Int]? = nil, at now: Date = Date()
    )
        throws
    {
        var samples = Self.parse((try? String(contentsOfFile: self.path, encoding: .utf8)) ?? "")
        let labels = "pipeline=\"\(Self.escape(self.pipeline))\",stage=\"\(Self.escape(stage))\""
        samples["cube_run_last_exit_code{\(labels)}"] = String(exitCode)
        samples["cube_run_duration_seconds{\(labels)}"] = String(format: "%.3f", duration)
        if exitCode == 0 {
            samples["cube_run_last_success_timestamp_seconds{\(labels)}"] = String(Int(now.timeIntervalSince1970))
        }
        if let records {
            samples = samples.filter { !$0.key.hasPrefix("cube_run_records{") }
            for (outcome, count) in records {
                samples["cube_run_records{pipeline=\"\(Self.escape(self.pipeline))\",outcome=\"\(Self.escape(outcome))\"}"] =
                    String(count)
            }
        }
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        try AtomicFileWriter.write(Self.text(samples), to: self.path)
    }

    /// The file's samples, `name{labels}` → value; comments and anything else are left out.
    static func parse(_ text: String) -> [String: String] {
        var samples: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            samples[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return samples
    }

    /// Every family with its HELP and TYPE, then its samples in a fixed order: equal metrics are equal bytes.
    static func text(_ samples: [String: String]) -> String {
        var text = ""
        for family in Self.families {
            let lines = samples.filter { $0.key.hasPrefix(family.name + "{") }.sorted { $0.key < $1.key }
            guard !lines.isEmpty else { continue }
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"
            for (key, value) in lines { text += "\(key) \(value)\n" }
        }
        return text
    }

    /// A label value as the text format wants it: backslash, quote and newline escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
