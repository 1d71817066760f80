/// Little-endian fields of a ZIP record.
struct ZipBytes {
    private let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    var count: Int { self.bytes.count }

    func u16(_ at: Int) -> UInt16 {
        let base = self.bytes.startIndex + at
        return UInt16(self.bytes[base]) | UInt16(self.bytes[base + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32 {
        UInt32(self.u16(at)) | UInt32(self.u16(at + 2)) << 16
    }

    func u64(_ at: Int) -> UInt64 {
        UInt64(self.u32(at)) | UInt64(self.u32(at + 4)) << 32
    }

    func slice(_ at: Int, _ length: Int) -> ArraySlice<UInt8> {
        let base = self.bytes.startIndex + at
        return self.bytes[base..<base + length]
    }
}
