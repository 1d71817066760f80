import Foundation

/// A workbook's shared-strings table (`xl/sharedStrings.xml`), which cells
/// refer to by index and so must be held whole, bounded so a hostile table is
/// refused rather than filling memory. It is filled by a thread of its own
/// while the sheet is read: writers put strings in first-use order, so the
/// sheet rarely waits, and the two parts take two cores rather than turns.
/// Storage never moves once written (fixed pages of entries, chunks of
/// bytes), so a reader reads what was published without a lock; only asking
/// past what it last saw takes one.
final class SharedStrings: @unchecked Sendable {
    static let maxBytes = 64 << 20
    static let maxCount = 4_000_000
    private static let pageEntries = 1 << 16
    private static let chunkBytes = 1 << 20

    private struct Entry {
        var chunk: Int32
        var start: Int32
        var length: Int32
    }

    private let condition = NSCondition()
    // Written by the filling thread; published (`count`) under the condition's lock.
    private var pages: [UnsafeMutablePointer<Entry>] = []
    private var chunks: [UnsafeMutablePointer<UInt8>] = []
    private var chunkUsed = 0
    private var chunkSize = 0
    private var bytes = 0
    private var written = 0
    private var pending: [UInt8] = []
    private var published = 0
    private var finished = false
    private var failure: InputError?
    private(set) var cancelled = false

    // The reader's view: what it last saw published.
    private var seenCount = 0
    private var seenPages: [UnsafeMutablePointer<Entry>] = []
    private var seenChunks: [UnsafeMutablePointer<UInt8>] = []
    private var seenFinished = false

    /// An empty table, already complete (a workbook without shared strings).
    static var none: SharedStrings {
        let table = SharedStrings()
        table.finish(failure: nil)
        return table
    }

    deinit {
        for page in self.pages { page.deallocate() }
        for chunk in self.chunks { chunk.deallocate() }
    }

    // MARK: Filling (one thread)

    /// Adds text to the string being read; false past the size limit.
    func append(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard self.bytes + self.pending.count + text.count <= Self.maxBytes else { return false }
        self.pending.append(contentsOf: text)
        return true
    }

    /// Ends the string being read; false past the count limit.
    func endString() -> Bool {
        guard self.written < Self.maxCount else { return false }
        let length = self.pending.count
        if self.chunks.isEmpty || self.chunkUsed + length > self.chunkSize {
            let size = max(Self.chunkBytes, length)
            let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            self.condition.withLock { self.chunks.append(chunk) }
            self.chunkSize = size
            self.chunkUsed = 0
        }
        let chunk = self.chunks.count - 1
        self.pending.withUnsafeBufferPointer { pending in
            if let base = pending.baseAddress { (self.chunks[chunk] + self.chunkUsed).update(from: base, count: length) }
        }
        if self.written % Self.pageEntries == 0 {
            let page = UnsafeMutablePointer<Entry>.allocate(capacity: Self.pageEntries)
            self.condition.withLock { self.pages.append(page) }
        }
        self.pages[self.written / Self.pageEntries][self.written % Self.pageEntries] =
            Entry(chunk: Int32(chunk), start: Int32(self.chunkUsed), length: Int32(length))
        self.chunkUsed += length
        self.bytes += length
        self.written += 1
        self.pending.removeAll(keepingCapacity: true)
        if self.written % 1024 == 0 { self.publish() }
        return true
    }

    func finish(failure: InputError?) {
        self.condition.withLock {
            self.published = self.written
            self.finished = true
            self.failure = failure
            self.condition.broadcast()
        }
    }

    private func publish() {
        self.condition.withLock {
            self.published = self.written
            self.condition.broadcast()
        }
    }

    // MARK: Reading (the sheet's thread)

    /// The reader has gone: the filling thread stops at its next event.
    func cancel() {
        self.condition.withLock { self.cancelled = true }
    }

    /// Hands the string at `index` to `body`, waiting for it to be read if need be.
    /// Nil past the table's end; the table's own failure if it failed first.
    func withString<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws -> T? {
        guard index >= 0 else { return nil }
        if index >= self.seenCount && !self.seenFinished {
            try self.condition.withLock {
                while self.published <= index && !self.finished { self.condition.wait() }
                if let failure = self.failure { throw failure }
                self.seenCount = self.published
                self.seenPages = self.pages
                self.seenChunks = self.chunks
                self.seenFinished = self.finished
            }
        }
        guard index < self.seenCount else { return nil }
        let entry = self.seenPages[index / Self.pageEntries][index % Self.pageEntries]
        return body(UnsafeBufferPointer(start: self.seenChunks[Int(entry.chunk)] + Int(entry.start), count: Int(entry.length)))
    }

    /// How many strings the table holds, once it is complete.
    var count: Int {
        self.condition.withLock { self.published }
    }

    static func tooLarge(_ file: String) -> InputError {
        InputError(
            file: file,
            message:
                "the workbook's shared strings pass \(Self.maxCount) strings or \(Self.maxBytes >> 20) MiB, which must be held in memory to read its cells",
            hint: "split the workbook, or export the sheet as .csv")
    }
}

/// Reads the shared strings into their table: each `si`'s text runs joined,
/// phonetic guides (`rPh`) left out.
final class SharedStringsHandler: SAXHandler {
    let table: SharedStrings
    private(set) var overflow = false
    private var inItem = false
    private var capture = false
    private var phonetic = 0

    init(table: SharedStrings) {
        self.table = table
    }

    var done: Bool { self.overflow || self.table.cancelled }

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
            if !self.table.endString() { self.overflow = true }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.capture, !self.table.append(bytes) else { return }
        self.overflow = true
    }

    /// Fills `table` from the part on a thread of its own ("shared-strings").
    static func fill(_ table: SharedStrings, from entry: ZipEntry, in archive: ZipArchive) {
        nonisolated(unsafe) let archive = archive
        startNamedThread("shared-strings") {
            let handler = SharedStringsHandler(table: table)
            var failure: InputError?
            do {
                try archive.parse(entry, with: handler)
                if handler.overflow { failure = SharedStrings.tooLarge(archive.file) }
            } catch let error as InputError {
                failure = error
            } catch {
                failure = InputError(file: archive.file, message: "\(error)")
            }
            table.finish(failure: failure)
        }
    }
}
