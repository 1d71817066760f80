import Foundation

/// The one line at the bottom of a terminal that a progress bar redraws. A log
/// line clears it first (`clear()`), so a message never lands glued to the bar;
/// the bar comes back on its next redraw. Nothing of it is used when stderr is
/// not a terminal.
public enum TerminalLine {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var shown = false

    public static let isTerminal = isatty(STDERR_FILENO) == 1

    /// Replaces the line with `text`.
    static func draw(_ text: String) {
        self.lock.withLock {
            FileHandle.standardError.write(Data("\r\(text)\u{1B}[K".utf8))
            self.shown = true
        }
    }

    /// Empties the line if a bar is on it; a log handler calls this before it writes.
    public static func clear() {
        self.lock.withLock {
            guard self.shown else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            self.shown = false
        }
    }
}
