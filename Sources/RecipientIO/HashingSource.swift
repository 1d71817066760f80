import Foundation
import Crypto

/// Hashes the raw bytes of an input as they stream past, so the run manifest
/// can name exactly which file was sent without reading it twice.
public final class HashingSource: ByteSource {
    private let upstream: any ByteSource
    private var hasher = SHA256()
    public private(set) var byteCount: Int64 = 0
    /// `byteCount` for another thread (a progress bar) while a parse thread reads.
    private let shared = NSLock()
    private var sharedCount: Int64 = 0

    public init(_ upstream: any ByteSource) {
        self.upstream = upstream
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try self.upstream.read(into: buffer)
        if n > 0 {
            self.hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            self.byteCount += Int64(n)
            self.shared.withLock { self.sharedCount = self.byteCount }
        }
        return n
    }

    /// The bytes read so far, safe to ask from any thread.
    public var bytesReadSoFar: Int64 { self.shared.withLock { self.sharedCount } }

    /// The hex SHA-256 of every byte read so far.
    public var hexDigest: String {
        self.hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
