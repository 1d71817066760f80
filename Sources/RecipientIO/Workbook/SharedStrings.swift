/// A workbook's shared-strings table (`xl/sharedStrings.xml`), which cells
/// refer to by index and so must be held whole: one byte buffer and the end of
/// each string, bounded so a hostile table is refused rather than filling memory.
struct SharedStrings {
    static let maxBytes = 64 << 20
    static let maxCount = 4_000_000

    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    var count: Int { self.ends.count }

    /// The string at `index`, or nil past the end.
    func withString<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard index >= 0, index < self.ends.count else { return nil }
        let start = index == 0 ? 0 : self.ends[index - 1]
        return self.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<self.ends[index]])) }
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.bytes.count + text.count <= Self.maxBytes else { return false }
        self.bytes.append(contentsOf: text)
        return true
    }

    mutating func finish() -> Bool {
        guard self.ends.count < Self.maxCount else { return false }
        self.ends.append(self.bytes.count)
        return true
    }
}

/// Reads the shared strings: each `si`'s text runs joined, phonetic guides (`rPh`) left out.
final class SharedStringsHandler: SAXHandler {
    var table = SharedStrings()
    private(set) var overflow = false
    private var inItem = false
    private var capture = false
    private var phonetic = 0

    var done: Bool { self.overflow }

    func start(_ name: SAXName, _ attributes: SAXAttributes) {
        if name.is("si") {
            self.inItem = true
        } else if name.is("rPh") {
            self.phonetic += 1
        } else if name.is("t") && self.inItem && self.phonetic == 0 {
            self.capture = true
        }
    }

    func end(_ name: SAXName) {
        if name.is("t") {
            self.capture = false
        } else if name.is("rPh") {
            self.phonetic -= 1
        } else if name.is("si") {
            self.inItem = false
            if !self.table.finish() { self.overflow = true }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.capture, !self.table.append(bytes) else { return }
        self.overflow = true
    }

    func tooLarge(_ file: String) -> InputError {
        InputError(file: file, message: "the workbook's shared strings pass \(SharedStrings.maxCount) strings or \(SharedStrings.maxBytes >> 20) MiB, which must be held in memory to read its cells",
                   hint: "split the workbook, or export the sheet as .csv")
    }
}
