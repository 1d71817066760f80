/// Bytes already in memory (one NDJSON line) as a `ByteSource`.
public final class BufferSource: ByteSource {
    private var bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reuses the object for the next buffer.
    public func reset(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, self.bytes.count - self.offset)
        guard n > 0 else { return 0 }
        self.bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[self.offset..<self.offset + n]))
        }
        self.offset += n
        return n
    }
}
