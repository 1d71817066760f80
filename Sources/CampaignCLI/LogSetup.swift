import Foundation
public import Logging

/// Logs go to stderr: readable text on a terminal, one JSON object a line
/// otherwise (cron, systemd, CI), so both people and log shippers are served.
public enum LogSetup {
    public static func bootstrap(level: Logger.Level = .info) {
        let interactive = isatty(STDERR_FILENO) == 1
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                interactive
                ? BarClearingLogHandler(StreamLogHandler.standardError(label: label))
                : JSONLinesLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// One JSON object per log line on stderr.
public struct JSONLinesLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [
            "level": event.level.rawValue, "logger": self.label,
            "message": event.message.description,
            "time": ISO8601DateFormatter().string(from: Date()),
        ]
        if let error = event.error { object["error"] = "\(error)" }
        for (key, value) in self.metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = value.description
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(object) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}
