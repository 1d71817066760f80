import Foundation
import Testing
@testable import RecipientIO

/// Hands out its bytes in uneven pieces, then fails: a gzip stream that turns out truncated.
private final class FailingSource: ByteSource {
    struct Truncated: Error, Equatable {}
    private let bytes: [UInt8]
    private var offset = 0
    private var piece = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard self.offset < self.bytes.count else { throw Truncated() }
        self.piece = self.piece % 7_919 + 1
        let count = min(buffer.count, self.piece, self.bytes.count - self.offset)
        self.bytes.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[self.offset..<self.offset + count]))
        }
        self.offset += count
        return count
    }
}

@Suite("Reading ahead on another thread")
struct ReadAheadSourceTests {
    static let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }

    func drain(_ source: any ByteSource, into out: inout [UInt8], readSize: Int) throws {
        var buffer = [UInt8](repeating: 0, count: readSize)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return }
            out += buffer[0..<count]
        }
    }

    @Test(
        "every byte arrives once, in order, whatever the block and read sizes",
        arguments: [(1 << 18, 4, 65_536), (1_000, 2, 17), (7, 1, 4_096)])
    func sameBytes(blockSize: Int, depth: Int, readSize: Int) throws {
        let source = ReadAheadSource(BufferSource(Self.bytes), blockSize: blockSize, depth: depth)
        var out: [UInt8] = []
        try self.drain(source, into: &out, readSize: readSize)
        #expect(out == Self.bytes)
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } == 0)
    }

    @Test("an upstream error comes after the bytes before it, and again on the next read")
    func errorInOrder() {
        let prefix = Array(Self.bytes.prefix(500_000))
        let source = ReadAheadSource(FailingSource(prefix), blockSize: 4_096, depth: 3)
        var out: [UInt8] = []
        #expect(throws: FailingSource.Truncated.self) { try self.drain(source, into: &out, readSize: 1_000) }
        #expect(out == prefix)
        #expect(throws: FailingSource.Truncated.self) { try self.drain(source, into: &out, readSize: 1_000) }
    }

    @Test("a reader that stops early lets the thread go")
    func stopsEarly() throws {
        for _ in 0..<50 {
            let source = ReadAheadSource(BufferSource(Self.bytes), blockSize: 1_024, depth: 2)
            var buffer = [UInt8](repeating: 0, count: 100)
            #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } > 0)
        }
        // Each stopped reader's thread ends once woken; 50 left running would show here
        // (other tests reading gzip at the same moment may hold a few).
        #expect(threadsLeft(named: "read-ahead", atMost: 5) <= 5)
    }
}

@Suite("FileSource: regular files only, for what others dropped")
struct RegularFileTests {
    @Test("a symlink and a FIFO are refused at once, a regular file is read")
    func refusals() throws {
        let folder = NSTemporaryDirectory() + "regular-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/real.csv"
        try "a,b\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: file)
        #expect(mkfifo(folder + "/fifo.csv", 0o600) == 0)
        let link = #expect(throws: InputError.self) { try FileSource(path: folder + "/link.csv", regularOnly: true) }
        #expect(link?.message.contains("symbolic link") == true)
        // Without O_NONBLOCK this open would wait for a writer forever.
        let fifo = #expect(throws: InputError.self) { try FileSource(path: folder + "/fifo.csv", regularOnly: true) }
        #expect(fifo?.message.contains("a FIFO") == true)
        let source = try FileSource(path: file, regularOnly: true)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 8)
        defer { buffer.deallocate() }
        #expect(try source.read(into: buffer) == 4)
        // The command line still follows a link: `campaign-ingest latest.csv` may be one on purpose.
        #expect(throws: Never.self) { try FileSource(path: folder + "/link.csv") }
    }
}
