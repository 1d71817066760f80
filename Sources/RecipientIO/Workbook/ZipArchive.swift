#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ZIP archive (the container of `.xlsx` and `.ods` workbooks) read through
/// its central directory with `pread`, so any part can be streamed on its own
/// (`ZipEntrySource`) and nothing is held but the directory. Our own reader
/// over zlib rather than a ZIP library: it hands libxml2 a pull stream (the
/// parser we already run and harden), and every size it believes is checked
/// against the bomb limits before a byte is inflated (docs/architecture.md,
/// "Workbooks").
final class ZipArchive {
    /// Central directories of workbooks list tens of parts; more is not a workbook.
    static let maxEntries = 65_536
    static let maxDirectoryBytes: Int64 = 32 << 20

    let file: String
    let size: Int64
    let entries: [ZipEntry]
    let budget: InflateBudget
    private let descriptor: Int32
    private let byName: [String: Int]

    /// Reads the archive through `fd` (owned from here on; never stdin: a ZIP is read from its end).
    init(descriptor fd: Int32, name: String, limits: GzipSource.Limits) throws {
        self.file = name
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw InputError(file: name, message: "a workbook must be a regular file", hint: "name the .xlsx or .ods file itself")
        }
        self.descriptor = fd
        self.size = Int64(info.st_size)
        self.budget = InflateBudget(file: name, limits: limits)
        do {
            self.entries = try Self.readDirectory(fd: fd, size: self.size, name: name)
        } catch {
            close(fd)
            throw error
        }
        var byName: [String: Int] = [:]
        for (index, entry) in self.entries.enumerated() where byName[entry.name] == nil { byName[entry.name] = index }
        self.byName = byName
    }

    deinit {
        close(self.descriptor)
    }

    func entry(_ name: String) -> ZipEntry? {
        self.byName[name].map { self.entries[$0] }
    }

    /// The part's bytes as a stream, inflated and checked as they are read.
    func source(for entry: ZipEntry) throws -> ZipEntrySource {
        try ZipEntrySource(archive: self, entry: entry)
    }

    /// Parses one XML part with `handler`, through the hardened SAX driver; with `readAhead`
    /// the part is inflated on a thread of its own, a few blocks ahead of the parser (a sheet).
    func parse(_ entry: ZipEntry, with handler: any SAXHandler, readAhead: Bool = false) throws {
        let source: any ByteSource = readAhead ? ReadAheadSource(try self.source(for: entry)) : try self.source(for: entry)
        try SAXDriver(source: source, handler: handler, file: self.file, part: entry.name).run()
    }

    /// A small part whole (a mimetype, a relationship list), refused past `limit` bytes.
    func contents(of entry: ZipEntry, limit: Int) throws -> [UInt8] {
        guard entry.uncompressedSize <= Int64(limit) else {
            throw InputError(
                file: self.file, message: "the workbook part \(entry.name) is larger than \(limit) bytes",
                hint: "the file is not a workbook this reader knows; save it again as .xlsx or .ods")
        }
        let source = try self.source(for: entry)
        let bytes = try source.readUpTo(limit + 1)
        guard bytes.count <= limit else {
            throw InputError(file: self.file, message: "the workbook part \(entry.name) is larger than \(limit) bytes")
        }
        return bytes
    }

    /// Exactly `count` bytes at `offset`, or an error saying the archive is cut short.
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withUnsafeMutableBytes { try self.read(at: offset, into: $0) }
        guard got == count else { throw Self.truncated(self.file) }
        return bytes
    }

    /// Up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try Self.pread(self.descriptor, at: offset, into: buffer, name: self.file)
    }

    static func truncated(_ file: String) -> InputError {
        InputError(
            file: file, message: "the workbook is truncated or damaged (its ZIP directory is missing or cut off)",
            hint: "the file was cut off while copying; save or fetch it again")
    }

    private static func pread(_ fd: Int32, at offset: Int64, into buffer: UnsafeMutableRawBufferPointer, name: String) throws
        -> Int
    {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = Glibc.pread(fd, base + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: name, message: "read failed: \(String(cString: strerror(errno)))")
            }
            filled += n
        }
        return filled
    }

    /// The end-of-central-directory record (ZIP64's when the classic one overflows), then every entry.
    private static func readDirectory(fd: Int32, size: Int64, name: String) throws -> [ZipEntry] {
        let tailLength = Int(min(size, 22 + 65_535))
        var tail = [UInt8](repeating: 0, count: tailLength)
        let got = try tail.withUnsafeMutableBytes { try Self.pread(fd, at: size - Int64(tailLength), into: $0, name: name) }
        guard got == tailLength, tailLength >= 22 else { throw Self.truncated(name) }
        guard
            let end = stride(from: tailLength - 22, through: 0, by: -1).first(where: {
                tail[$0] == 0x50 && tail[$0 + 1] == 0x4B && tail[$0 + 2] == 0x05 && tail[$0 + 3] == 0x06
            })
        else { throw Self.truncated(name) }
        let record = ZipBytes(tail[end...])
        var count = Int64(record.u16(10))
        var directorySize = Int64(record.u32(12))
        var directoryOffset = Int64(record.u32(16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator right before the classic record points at the 64-bit one.
            let locatorAt = size - Int64(tailLength - end) - 20
            guard locatorAt >= 0 else { throw Self.truncated(name) }
            var locator = [UInt8](repeating: 0, count: 20)
            _ = try locator.withUnsafeMutableBytes { try Self.pread(fd, at: locatorAt, into: $0, name: name) }
            let located = ZipBytes(locator[...])
            guard located.u32(0) == 0x0706_4B50 else { throw Self.truncated(name) }
            var record64 = [UInt8](repeating: 0, count: 56)
            let at = Int64(bitPattern: located.u64(8))
            guard at >= 0, at < size,
                try record64.withUnsafeMutableBytes({ try Self.pread(fd, at: at, into: $0, name: name) }) == 56
            else {
                throw Self.truncated(name)
            }
            let zip64 = ZipBytes(record64[...])
            guard zip64.u32(0) == 0x0606_4B50 else { throw Self.truncated(name) }
            count = Int64(bitPattern: zip64.u64(32))
            directorySize = Int64(bitPattern: zip64.u64(40))
            directoryOffset = Int64(bitPattern: zip64.u64(48))
        }
        guard count >= 0, count <= Int64(Self.maxEntries), directorySize >= 0, directorySize <= Self.maxDirectoryBytes else {
            throw InputError(
                file: name, message: "the ZIP directory lists \(count) parts in \(directorySize) bytes, more than a workbook has",
                hint: "save the file again as .xlsx or .ods, or export it as .csv")
        }
        guard directoryOffset >= 0, directoryOffset <= size - directorySize else { throw Self.truncated(name) }
        var directory = [UInt8](repeating: 0, count: Int(directorySize))
        let read = try directory.withUnsafeMutableBytes { try Self.pread(fd, at: directoryOffset, into: $0, name: name) }
        guard read == Int(directorySize) else { throw Self.truncated(name) }
        return try Self.entries(ZipBytes(directory[...]), count: Int(count), size: size, name: name)
    }

    private static func entries(_ directory: ZipBytes, count: Int, size: Int64, name: String) throws -> [ZipEntry] {
        var entries: [ZipEntry] = []
        entries.reserveCapacity(count)
        var at = 0
        for _ in 0..<count {
            guard directory.count >= at + 46, directory.u32(at) == 0x0201_4B50 else { throw Self.truncated(name) }
            let nameLength = Int(directory.u16(at + 28))
            let extraLength = Int(directory.u16(at + 30))
            let commentLength = Int(directory.u16(at + 32))
            guard directory.count >= at + 46 + nameLength + extraLength + commentLength else { throw Self.truncated(name) }
            var compressed = Int64(directory.u32(at + 20))
            var uncompressed = Int64(directory.u32(at + 24))
            var offset = Int64(directory.u32(at + 42))
            // ZIP64 sizes: only the fields whose classic value is all ones, in this order.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = directory.u16(extra)
                let length = Int(directory.u16(extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    let fieldEnd = min(field + length, extraEnd)
                    func widen(_ value: inout Int64) {
                        guard value == 0xFFFF_FFFF, field + 8 <= fieldEnd else { return }
                        value = Int64(bitPattern: directory.u64(field))
                        field += 8
                    }
                    widen(&uncompressed)
                    widen(&compressed)
                    widen(&offset)
                }
                extra += 4 + length
            }
            // Sizes and offsets a file of this size cannot hold are a damaged (or hostile) directory.
            guard compressed >= 0, uncompressed >= 0, offset >= 0, offset < size, compressed <= size - offset else {
                throw Self.truncated(name)
            }
            entries.append(
                ZipEntry(
                    name: String(decoding: directory.slice(at + 46, nameLength), as: UTF8.self),
                    method: directory.u16(at + 10), flags: directory.u16(at + 8), crc32: directory.u32(at + 16),
                    compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset))
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}
