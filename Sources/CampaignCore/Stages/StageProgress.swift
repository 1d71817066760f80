import Foundation
public import Logging

/// Progress on long stages. On a terminal: a bar with the share of bytes read
/// (when the size is known), the records, the rate and the time left, redrawn
/// at most ten times a second and cleared before any log line. Otherwise: a log
/// line every 500,000 records, so a nightly job's log shows it is alive without
/// flooding.
public final class StageProgress {
    private let label: String
    private let logger: Logger
    private let interactive: Bool
    private let totalBytes: Int64?
    private var count = 0
    private var nextLog = 500_000
    private var lastDraw = Date.distantPast
    private let started = Date()

    /// `totalBytes`: what the stage will read, when known (a file's size; not stdin).
    public init(label: String, logger: Logger, totalBytes: Int64? = nil) {
        self.label = label
        self.logger = logger
        self.interactive = TerminalLine.isTerminal
        self.totalBytes = totalBytes.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `n` more records; `bytes`, when known, is how much of `totalBytes` has been read.
    public func tick(_ n: Int = 1, bytes: Int64? = nil) {
        self.count += n
        if self.interactive {
            let now = Date()
            guard now.timeIntervalSince(self.lastDraw) >= 0.1 else { return }
            self.lastDraw = now
            TerminalLine.draw(self.bar(bytes: bytes, now: now))
        } else if self.count >= self.nextLog {
            self.nextLog += 500_000
            self.logger.info("progress", metadata: ["stage": .string(self.label), "records": .stringConvertible(self.count)])
        }
    }

    public func finish() {
        if self.interactive { TerminalLine.clear() }
    }

    func bar(bytes: Int64?, now: Date) -> String {
        let elapsed = max(now.timeIntervalSince(self.started), 0.001)
        let rate = Double(self.count) / elapsed
        var text = "\(self.label): \(self.count.formatted()) records, \(Int(rate).formatted())/s"
        if let total = self.totalBytes, let bytes, bytes > 0 {
            let share = min(1, Double(bytes) / Double(total))
            let width = 24
            let filled = Int(share * Double(width))
            let left = share > 0 ? elapsed * (1 - share) / share : 0
            text =
                "\(self.label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] "
                + "\(Int(share * 100))%  \(self.count.formatted()) records, \(Int(rate).formatted())/s, \(Self.clock(left)) left"
        }
        return text
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600
            ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
