/// Lets detection look at the first bytes of a stream and then hand the whole
/// stream, those bytes included, to the reader that fits.
public final class PeekableSource: ByteSource {
    private let upstream: any ByteSource
    private var head: [UInt8]
    private var headOffset = 0

    public init(_ upstream: any ByteSource, peek count: Int) throws {
        self.upstream = upstream
        self.head = try upstream.readUpTo(count)
    }

    /// The first bytes, as read at creation.
    public var peeked: [UInt8] { self.head }

    /// Skips bytes of the head (a BOM) so that readers never see them.
    public func dropPrefix(_ count: Int) {
        self.headOffset = min(self.head.count, self.headOffset + count)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if self.headOffset < self.head.count {
            let n = min(buffer.count, self.head.count - self.headOffset)
            self.head.withUnsafeBytes { raw in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[self.headOffset..<self.headOffset + n]))
            }
            self.headOffset += n
            return n
        }
        return try self.upstream.read(into: buffer)
    }
}
