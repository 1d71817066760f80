import CZlib

/// One part of a ZIP archive as a stream: stored bytes as they are, deflated
/// ones through zlib's raw inflate, each checked against the archive's budget
/// as it is produced, and against its CRC-32 and declared size at its end.
final class ZipEntrySource: ByteSource {
    private static let inputCapacity = 1 << 16

    private let archive: ZipArchive
    private let entry: ZipEntry
    private var offset: Int64
    private var remaining: Int64
    private var produced: Int64 = 0
    private var crc: UInt = 0
    private var finished = false
    private var streamEnded = false
    private let stream: UnsafeMutablePointer<z_stream>?
    private let input: UnsafeMutablePointer<UInt8>?

    init(archive: ZipArchive, entry: ZipEntry) throws {
        self.archive = archive
        self.entry = entry
        if entry.isEncrypted {
            throw InputError(
                file: archive.file, message: "the workbook's part \(entry.name) is encrypted",
                hint: "remove the password (save a copy without it) or export the sheet as .csv")
        }
        guard entry.method == ZipEntry.stored || entry.method == ZipEntry.deflated else {
            throw InputError(
                file: archive.file,
                message: "the workbook's part \(entry.name) uses ZIP method \(entry.method), which this reader does not know",
                hint: "save the workbook again from Excel or LibreOffice, or export it as .csv")
        }
        try archive.budget.admit(entry)
        let header = ZipBytes(try archive.read(at: entry.localHeaderOffset, count: 30)[...])
        guard header.u32(0) == 0x0403_4B50 else { throw ZipArchive.truncated(archive.file) }
        self.offset = entry.localHeaderOffset + 30 + Int64(header.u16(26)) + Int64(header.u16(28))
        self.remaining = entry.compressedSize
        guard entry.compressedSize >= 0, self.offset <= archive.size, entry.compressedSize <= archive.size - self.offset else {
            throw ZipArchive.truncated(archive.file)
        }
        guard entry.method == ZipEntry.deflated else {
            self.stream = nil
            self.input = nil
            return
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // -15: a raw deflate stream, as ZIP stores it (no zlib or gzip header).
        guard czlib_inflate_init2(stream, -15) == Z_OK else {
            stream.deallocate()
            throw InputError(file: archive.file, message: "zlib could not start")
        }
        self.stream = stream
        self.input = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.inputCapacity)
    }

    deinit {
        if let stream = self.stream {
            inflateEnd(stream)
            stream.deallocate()
        }
        self.input?.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !self.finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = try self.stream.map { try self.inflate(into: base, count: buffer.count, $0) } ?? self.copy(into: buffer)
        guard count > 0 else {
            try self.verifyEnd()
            return 0
        }
        self.produced += Int64(count)
        self.crc = crc32(self.crc, base.assumingMemoryBound(to: UInt8.self), UInt32(count))
        try self.archive.budget.spend(count, of: self.entry, total: self.produced)
        return count
    }

    private func copy(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(Int64(buffer.count), self.remaining))
        guard wanted > 0 else { return 0 }
        let got = try self.archive.read(at: self.offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        guard got == wanted else { throw ZipArchive.truncated(self.archive.file) }
        self.offset += Int64(got)
        self.remaining -= Int64(got)
        return got
    }

    private func inflate(into base: UnsafeMutableRawPointer, count: Int, _ stream: UnsafeMutablePointer<z_stream>) throws -> Int {
        guard let input = self.input, !self.streamEnded else { return 0 }
        while true {
            if stream.pointee.avail_in == 0 && self.remaining > 0 {
                let wanted = Int(min(Int64(Self.inputCapacity), self.remaining))
                let got = try self.archive.read(at: self.offset, into: UnsafeMutableRawBufferPointer(start: input, count: wanted))
                guard got == wanted else { throw ZipArchive.truncated(self.archive.file) }
                self.offset += Int64(got)
                self.remaining -= Int64(got)
                stream.pointee.next_in = input
                stream.pointee.avail_in = UInt32(got)
            }
            stream.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(min(count, Int(UInt32.max)))
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                // What follows the stream inside the part is ignored, as zlib does; the size check catches a short one.
                self.streamEnded = true
                return produced
            case Z_OK:
                if produced > 0 { return produced }
            case Z_BUF_ERROR:
                if self.remaining == 0 && stream.pointee.avail_in == 0 { throw self.damaged("its deflate data ends early") }
            default:
                throw self.damaged("its deflate data is corrupt (zlib \(status))")
            }
        }
    }

    private func verifyEnd() throws {
        self.finished = true
        guard self.produced == self.entry.uncompressedSize else {
            throw self.damaged("it holds \(self.produced) bytes, not the \(self.entry.uncompressedSize) its directory says")
        }
        guard UInt32(truncatingIfNeeded: self.crc) == self.entry.crc32 else { throw self.damaged("its CRC-32 does not match") }
    }

    private func damaged(_ why: String) -> InputError {
        InputError(
            file: self.archive.file, message: "the workbook's part \(self.entry.name) is damaged: \(why)",
            hint: "the file was cut off or corrupted; save or fetch it again")
    }
}
