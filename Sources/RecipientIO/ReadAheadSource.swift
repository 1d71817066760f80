import Foundation

/// Runs an expensive upstream (gunzip) on a thread of its own, a few blocks ahead
/// of the reader, so decompressing and parsing use two cores instead of taking
/// turns. Memory stays bounded: at most `depth` blocks wait. Bytes and errors
/// arrive in the order the upstream produced them.
public final class ReadAheadSource: ByteSource {
    /// What the two threads share, always under `condition`'s lock.
    private final class Queue: @unchecked Sendable {
        let condition = NSCondition()
        var blocks: [[UInt8]] = []
        var finished = false
        var failure: (any Error)?
        var cancelled = false
    }

    private let queue = Queue()
    private var current: [UInt8] = []
    private var offset = 0
    private var ended = false
    private var failure: (any Error)?

    public init(_ upstream: any ByteSource, blockSize: Int = 1 << 18, depth: Int = 4) {
        let queue = self.queue
        // Only the reading thread touches the upstream from here on.
        nonisolated(unsafe) let upstream = upstream
        let thread = Thread {
            var block = [UInt8](repeating: 0, count: blockSize)
            while true {
                var count = 0
                var failure: (any Error)?
                do {
                    count = try block.withUnsafeMutableBytes { try upstream.read(into: $0) }
                } catch {
                    failure = error
                }
                queue.condition.lock()
                while queue.blocks.count >= depth && !queue.cancelled { queue.condition.wait() }
                let stop = queue.cancelled || failure != nil || count == 0
                if !queue.cancelled {
                    if count > 0 { queue.blocks.append(Array(block[0..<count])) }
                    if failure != nil || count == 0 {
                        queue.failure = failure
                        queue.finished = true
                    }
                }
                queue.condition.broadcast()
                queue.condition.unlock()
                if stop { return }
            }
        }
        thread.name = "read-ahead"
        thread.start()
    }

    deinit {
        self.queue.condition.lock()
        self.queue.cancelled = true
        self.queue.blocks.removeAll()
        self.queue.condition.broadcast()
        self.queue.condition.unlock()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while self.offset >= self.current.count {
            if let failure = self.failure { throw failure }
            if self.ended { return 0 }
            self.queue.condition.lock()
            while self.queue.blocks.isEmpty && !self.queue.finished { self.queue.condition.wait() }
            if self.queue.blocks.isEmpty {
                self.ended = true
                self.failure = self.queue.failure
            } else {
                self.current = self.queue.blocks.removeFirst()
                self.offset = 0
                self.queue.condition.broadcast()
            }
            self.queue.condition.unlock()
        }
        let count = min(buffer.count, self.current.count - self.offset)
        self.current.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[self.offset..<self.offset + count]))
        }
        self.offset += count
        return count
    }
}
