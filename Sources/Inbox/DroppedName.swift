import CampaignCore
import Foundation
import Reporting

/// A name in `inbox/` as the file system holds it: its bytes. Swift compares `String`s by canonical
/// equivalence, so `café` composed (c a f U+00E9) and decomposed (c a f e U+0301) are one key in a
/// `[String: …]`: two files, one settle record, and one could be taken before it was still. Keyed by
/// bytes, each twin settles on its own. A name that is not UTF-8 at all has no `text`.
public struct DroppedName: Hashable, Sendable, Comparable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// The name as text, when its bytes are UTF-8 (the same bytes again when written out).
    public var text: String? { String(validating: self.bytes, as: UTF8.self) }

    /// A name for logs, notes and `failed/`: UTF-8 as it is, every other byte as `\xNN`.
    public var shown: String {
        if let text { return text }
        var out = ""
        var index = 0
        while index < self.bytes.count {
            // The longest valid UTF-8 run from here, else one byte written out.
            var end = min(self.bytes.count, index + 4)
            var decoded: String?
            while end > index, decoded == nil {
                decoded = String(validating: self.bytes[index..<end], as: UTF8.self).flatMap {
                    $0.unicodeScalars.count == 1 ? $0 : nil
                }
                if decoded == nil { end -= 1 }
            }
            if let decoded, self.bytes[index] >= 0x20 {
                out += decoded
                index = end
            } else {
                out += String(format: "\\x%02X", self.bytes[index])
                index += 1
            }
        }
        return out
    }

    public static func < (a: DroppedName, b: DroppedName) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// Every name in `folder`, as bytes, by readdir (Foundation's listing needs names to be text).
    static func list(_ folder: String) -> [DroppedName] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [DroppedName] = []
        while let entry = readdir(directory) {
            // Measured, not copied whole: the last entry of readdir's buffer may be shorter than d_name's 256 bytes.
            let bytes = withUnsafePointer(to: &entry.pointee.d_name) { name in
                name.withMemoryRebound(to: UInt8.self, capacity: 1) {
                    Array(UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))))
                }
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            names.append(DroppedName(bytes: bytes))
        }
        return names
    }

    /// `folder/name` as the C string the system calls take, whatever the name's bytes.
    static func path(_ folder: String, _ name: [UInt8]) -> [CChar] {
        (Array(folder.utf8) + [0x2F] + name).map { CChar(bitPattern: $0) } + [0]
    }
}
