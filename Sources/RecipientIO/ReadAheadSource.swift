import Foundation

/// Runs an expensive upstream (gunzip) on a thread of its own, a few blocks ahead
/// of the reader, so decompressing and parsing use two cores instead of taking
/// turns. Memory stays bounded: at most `depth` blocks wait. Bytes and errors
/// arrive in the order the upstream produced them.
public final class ReadAheadSource: ByteSource {
    /// A block of bytes; an empty one is the end, a failure the upstream's error.
    private let blocks: HandOff<Result<[UInt8], any Error>>
    private var current: [UInt8] = []
    private var offset = 0
    private var ended = false
    private var failure: (any Error)?

    public init(_ upstream: any ByteSource, blockSize: Int = 1 << 18, depth: Int = 4) {
        let blocks = HandOff<Result<[UInt8], any Error>>(depth: depth)
        self.blocks = blocks
        // Only the reading thread touches the upstream from here on.
        nonisolated(unsafe) let upstream = upstream
        startNamedThread("read-ahead") {
            var block = [UInt8](repeating: 0, count: blockSize)
            while true {
                let next: Result<[UInt8], any Error>
                do {
                    let count = try block.withUnsafeMutableBytes { try upstream.read(into: $0) }
                    next = .success(Array(block[0..<count]))
                } catch {
                    next = .failure(error)
                }
                let more = (try? next.get())?.isEmpty == false
                if !blocks.put(next) || !more { return }
            }
        }
    }

    deinit {
        self.blocks.cancel()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while self.offset >= self.current.count {
            if let failure = self.failure { throw failure }
            if self.ended { return 0 }
            switch self.blocks.take() {
            case .success(let block):
                self.current = block
                self.offset = 0
                self.ended = block.isEmpty
            case .failure(let error):
                self.failure = error
            }
        }
        let count = min(buffer.count, self.current.count - self.offset)
        self.current.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[self.offset..<self.offset + count]))
        }
        self.offset += count
        return count
    }
}
