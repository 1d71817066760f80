/// Turns UTF-16 or a single-byte code page into UTF-8 on the fly, so every
/// reader downstream deals with UTF-8 only.
public final class TranscodingSource: ByteSource {
    private let upstream: any ByteSource
    private let encoding: TextEncoding
    private let name: String
    private var inBuffer = [UInt8](repeating: 0, count: 1 << 15)
    private var carry: [UInt8] = []
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var ended = false
    private var highSurrogate: UInt16?
    private var consumed: Int64 = 0

    public init(_ upstream: any ByteSource, encoding: TextEncoding, name: String) {
        self.upstream = upstream
        self.encoding = encoding
        self.name = name
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while self.pendingOffset >= self.pending.count {
            if self.ended { return 0 }
            try self.fill()
        }
        let n = min(buffer.count, self.pending.count - self.pendingOffset)
        self.pending.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[self.pendingOffset..<self.pendingOffset + n]))
        }
        self.pendingOffset += n
        return n
    }

    private func fill() throws {
        let n = try self.inBuffer.withUnsafeMutableBytes { try self.upstream.read(into: $0) }
        self.pending.removeAll(keepingCapacity: true)
        self.pendingOffset = 0
        if n == 0 {
            self.ended = true
            if !self.carry.isEmpty || self.highSurrogate != nil {
                throw InputError(
                    file: self.name, byteOffset: self.consumed,
                    message: "the \(self.encoding.rawValue) text ends in the middle of a character",
                    hint: "check --encoding")
            }
            return
        }
        if let table = self.encoding.singleByteTable {
            for byte in self.inBuffer[0..<n] {
                if byte < 0x80 {
                    self.pending.append(byte)
                } else {
                    self.appendScalar(UInt32(table[Int(byte) - 0x80]))
                }
            }
        } else {
            var bytes = self.carry
            bytes.append(contentsOf: self.inBuffer[0..<n])
            let usable = bytes.count & ~1
            var index = 0
            while index < usable {
                let unit: UInt16 =
                    self.encoding == .utf16le
                    ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                    : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                try self.appendUTF16(unit)
                index += 2
            }
            self.carry = Array(bytes[usable...])
        }
        self.consumed += Int64(n)
    }

    private func appendUTF16(_ unit: UInt16) throws {
        if let high = self.highSurrogate {
            self.highSurrogate = nil
            guard (0xDC00...0xDFFF).contains(unit) else {
                throw InputError(
                    file: self.name, byteOffset: self.consumed,
                    message: "invalid UTF-16 (a lone surrogate)", hint: "check --encoding")
            }
            let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
            self.appendScalar(scalar)
            return
        }
        switch unit {
        case 0xD800...0xDBFF: self.highSurrogate = unit
        case 0xDC00...0xDFFF:
            throw InputError(
                file: self.name, byteOffset: self.consumed,
                message: "invalid UTF-16 (a lone surrogate)", hint: "check --encoding")
        default: self.appendScalar(UInt32(unit))
        }
    }

    private func appendScalar(_ value: UInt32) {
        guard let scalar = Unicode.Scalar(value) else { return }
        self.pending.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
    }
}
