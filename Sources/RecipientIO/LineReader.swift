#if canImport(Glibc)
    import Glibc
#endif

/// Splits a byte stream into lines (LF, with a CR before it dropped), keeping
/// memory bounded: a line longer than the limit is reported, not kept.
public final class LineReader {
    private let source: any ByteSource
    private let maxLineBytes: Int
    /// Raw memory owned here, as in `CSVReader`: no retain and release per access.
    private let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
    private var count = 0
    private var index = 0
    private var ended = false
    /// The number of the line last returned, from 1.
    public private(set) var line = 0

    public init(source: any ByteSource, maxLineBytes: Int) {
        self.source = source
        self.maxLineBytes = maxLineBytes
    }

    deinit {
        self.chunk.deallocate()
    }

    /// The next line without its CR/LF; `tooLong` when it passed the limit (its bytes are dropped).
    public func next() throws -> (bytes: [UInt8], tooLong: Bool)? {
        var bytes: [UInt8] = []
        guard let tooLong = try self.append(to: &bytes) else { return nil }
        return (bytes, tooLong)
    }

    /// Appends the next line without its CR/LF to `buffer`, so that many lines
    /// can share one allocation. Nil at the end of the stream; true when the
    /// line passed the limit (then nothing of it is appended).
    public func append(to buffer: inout [UInt8]) throws -> Bool? {
        let base = buffer.count
        var tooLong = false
        var sawAny = false
        while true {
            if self.index >= self.count {
                if self.ended { break }
                self.count = try self.source.read(into: UnsafeMutableRawBufferPointer(self.chunk))
                self.index = 0
                if self.count == 0 {
                    self.ended = true
                    break
                }
            }
            sawAny = true
            let start = self.index
            let count = self.count
            let end: Int? = self.chunk.baseAddress.flatMap { memory in
                memchr(memory + start, 0x0A, count - start).map { memory.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
            }
            let stop = end ?? self.count
            if !tooLong {
                if buffer.count - base + (stop - start) > self.maxLineBytes {
                    tooLong = true
                    buffer.removeSubrange(base...)
                } else {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: self.chunk[start..<stop]))
                }
            }
            self.index = stop
            if end != nil {
                self.index += 1
                break
            }
        }
        guard sawAny else { return nil }
        self.line += 1
        if buffer.count > base && buffer.last == 0x0D { buffer.removeLast() }
        return tooLong
    }
}
