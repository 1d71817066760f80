/// One file inside a ZIP archive, as the archive's central directory describes it.
struct ZipEntry: Sendable {
    static let stored: UInt16 = 0
    static let deflated: UInt16 = 8

    let name: String
    let method: UInt16
    /// General-purpose flags; bit 0 is set on an encrypted part.
    let flags: UInt16
    let crc32: UInt32
    let compressedSize: Int64
    let uncompressedSize: Int64
    let localHeaderOffset: Int64

    var isEncrypted: Bool { self.flags & 1 != 0 }
}
