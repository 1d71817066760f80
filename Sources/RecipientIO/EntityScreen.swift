import CLibXML2

/// Refuses an XML document that declares entities before libxml2 parses the
/// declaration, so neither expansion nor its loop detection ever runs on one.
/// Every XML stream we parse (records, workbook parts) passes through one.
struct EntityScreen {
    static let marker = Array("<!ENTITY".utf8)
    /// Declarations live in the prolog; past this many bytes the scan stops.
    static let scanLimit = 4 << 20

    /// libxml2's loader of external entities, replaced once per process by one that loads nothing.
    static let refuseExternalLoads: Void = {
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    private var scanned = 0
    private var tail: [UInt8] = []

    mutating func screen(_ bytes: UnsafeRawBufferPointer, file: String, part: String? = nil) throws {
        guard self.scanned < Self.scanLimit else { return }
        let window = self.tail + Array(bytes)
        self.scanned += bytes.count
        let marker = Self.marker
        if window.count >= marker.count {
            for start in 0...(window.count - marker.count) where window[start] == 0x3C {
                if window[start..<start + marker.count].elementsEqual(marker) {
                    throw Self.declared(file, line: nil, part: part)
                }
            }
        }
        self.tail = Array(window.suffix(marker.count - 1))
    }

    static func declared(_ file: String, line: Int?, part: String? = nil) -> InputError {
        InputError(
            file: file, line: line,
            message: (part.map { "the workbook's part \($0): " } ?? "")
                + "the XML declares entities in its DOCTYPE, which exports never need and attacks use",
            hint: "remove the <!DOCTYPE …> declarations and try again")
    }

    static func undeclared(_ file: String, line: Int?) -> InputError {
        InputError(
            file: file, line: line, message: "the XML uses an entity reference that is not declared",
            hint: "replace entities with their text")
    }
}
