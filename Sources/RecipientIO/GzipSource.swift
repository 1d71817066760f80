import CZlib

/// Streams the gunzipped bytes of a gzip input through zlib.
///
/// Reads every member of a concatenated file, treats a truncated stream or
/// trailing garbage as an error (zlib itself says `Z_OK` at a cut), and stops a
/// gzip bomb by capping both the output size and the expansion ratio.
public final class GzipSource: ByteSource {
    public struct Limits: Sendable {
        public var maxOutputBytes: Int64
        public var maxRatio: Int64
        public init(maxOutputBytes: Int64 = 8 << 30, maxRatio: Int64 = 1000) {
            self.maxOutputBytes = maxOutputBytes
            self.maxRatio = maxRatio
        }
    }

    private let upstream: any ByteSource
    private let name: String
    private let limits: Limits
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputCapacity = 1 << 16
    private let input: UnsafeMutablePointer<UInt8>
    private var upstreamEnded = false
    private var inMember = false
    private var finished = false
    private var totalIn: Int64 = 0
    private var totalOut: Int64 = 0

    public init(_ upstream: any ByteSource, name: String, limits: Limits = Limits()) throws {
        self.upstream = upstream
        self.name = name
        self.limits = limits
        self.stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        self.input = UnsafeMutablePointer<UInt8>.allocate(capacity: self.inputCapacity)
        // 15 + 16: gzip only (detection already saw the magic); a zlib or raw stream is refused.
        let status = czlib_inflate_init2(self.stream, 15 + 16)
        guard status == Z_OK else {
            self.stream.deallocate()
            self.input.deallocate()
            throw InputError(file: name, message: "zlib could not start (code \(status))")
        }
    }

    deinit {
        inflateEnd(self.stream)
        self.stream.deallocate()
        self.input.deallocate()
    }

    private func refill() throws {
        guard self.stream.pointee.avail_in == 0, !self.upstreamEnded else { return }
        let n = try self.upstream.read(into: UnsafeMutableRawBufferPointer(start: self.input, count: self.inputCapacity))
        if n == 0 {
            self.upstreamEnded = true
        }
        self.stream.pointee.next_in = self.input
        self.stream.pointee.avail_in = UInt32(n)
        self.totalIn += Int64(n)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !self.finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            try self.refill()
            if self.stream.pointee.avail_in == 0 && self.upstreamEnded {
                if self.inMember {
                    throw InputError(
                        file: self.name, byteOffset: self.totalIn,
                        message: "the gzip data is truncated (it ends in the middle of a member)",
                        hint: "the file was cut off while copying; fetch it again")
                }
                self.finished = true
                return 0
            }
            if !self.inMember {
                // A new member must start with the gzip magic; anything else is trailing garbage.
                if self.stream.pointee.avail_in < 2 {
                    // Pull one more byte pair if possible.
                    let first = self.stream.pointee.next_in.pointee
                    if first != 0x1F {
                        throw self.trailingGarbage()
                    }
                } else if self.stream.pointee.next_in[0] != 0x1F || self.stream.pointee.next_in[1] != 0x8B {
                    throw self.trailingGarbage()
                }
                self.inMember = true
            }
            self.stream.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
            self.stream.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let status = inflate(self.stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(self.stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                self.inMember = false
                inflateReset(self.stream)
            case Z_OK:
                break
            case Z_BUF_ERROR:
                // No progress possible: more input is needed, which refill() supplies next turn.
                if self.upstreamEnded && self.stream.pointee.avail_in == 0 && produced == 0 {
                    throw InputError(
                        file: self.name, byteOffset: self.totalIn,
                        message: "the gzip data is truncated",
                        hint: "the file was cut off while copying; fetch it again")
                }
            case Z_DATA_ERROR, Z_NEED_DICT:
                throw InputError(
                    file: self.name, byteOffset: self.totalIn - Int64(self.stream.pointee.avail_in),
                    message: "the gzip data is corrupt (\(self.zlibMessage))",
                    hint: "the file is damaged; fetch or export it again")
            case Z_MEM_ERROR:
                throw InputError(file: self.name, message: "zlib ran out of memory")
            default:
                throw InputError(file: self.name, message: "zlib failed (code \(status))")
            }
            if produced > 0 {
                self.totalOut += Int64(produced)
                try self.checkLimits()
                return produced
            }
        }
    }

    private var zlibMessage: String {
        guard let message = self.stream.pointee.msg else { return "no detail" }
        return String(cString: message)
    }

    private func trailingGarbage() -> InputError {
        InputError(
            file: self.name, byteOffset: self.totalIn - Int64(self.stream.pointee.avail_in),
            message: "unexpected bytes after the end of the gzip data",
            hint: "the file is damaged or two files were joined; export it again")
    }

    private func checkLimits() throws {
        if self.totalOut > self.limits.maxOutputBytes {
            throw InputError(
                file: self.name,
                message: "gunzipped data exceeds \(self.limits.maxOutputBytes) bytes (gzip bomb guard)",
                hint: "if the export really is that large, raise --max-gunzip-bytes")
        }
        if self.totalOut > (16 << 20) && self.totalOut > self.limits.maxRatio * max(self.totalIn, 1) {
            throw InputError(
                file: self.name,
                message: "gunzipped data expands more than \(self.limits.maxRatio)× (gzip bomb guard)",
                hint: "if the export is genuine, raise --max-gunzip-ratio")
        }
    }
}
