import CampaignCore
import Logging

/// On a terminal, clears a progress bar's line before a log line is written,
/// so the message starts on a line of its own; the bar redraws after it.
struct BarClearingLogHandler: LogHandler {
    private var inner: any LogHandler

    init(_ inner: any LogHandler) {
        self.inner = inner
    }

    var metadata: Logger.Metadata {
        get { self.inner.metadata }
        set { self.inner.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { self.inner.logLevel }
        set { self.inner.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.inner[metadataKey: key] }
        set { self.inner[metadataKey: key] = newValue }
    }

    /// File names, API messages and anything else from outside reach the terminal shown, not obeyed.
    func log(event: LogEvent) {
        TerminalLine.clear()
        var shown = event
        shown.message = Logger.Message(stringLiteral: ControlCharacters.visible(event.message.description))
        shown.metadata = event.metadata?.mapValues { .string(ControlCharacters.visible($0.description)) }
        self.inner.log(event: shown)
    }
}
