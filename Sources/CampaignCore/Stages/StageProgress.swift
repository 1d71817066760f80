import Foundation
import Logging

/// Progress on long stages: a live counter on a terminal, a log line now and
/// then otherwise, so a nightly job's log shows it is alive without flooding.
public final class StageProgress {
    private let label: String
    private let logger: Logger
    private let interactive: Bool
    private var count = 0
    private var next = 100_000
    private let started = Date()

    public init(label: String, logger: Logger) {
        self.label = label
        self.logger = logger
        self.interactive = isatty(STDERR_FILENO) == 1
    }

    public func tick(_ n: Int = 1) {
        self.count += n
        guard self.count >= self.next else { return }
        self.next += self.interactive ? 10_000 : 500_000
        let rate = Double(self.count) / max(Date().timeIntervalSince(self.started), 0.001)
        if self.interactive {
            FileHandle.standardError.write(Data("\r\(self.label): \(self.count) records (\(Int(rate))/s)   ".utf8))
        } else {
            self.logger.info("progress", metadata: ["stage": .string(self.label), "records": .stringConvertible(self.count)])
        }
    }

    public func finish() {
        if self.interactive && self.count >= 100_000 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
