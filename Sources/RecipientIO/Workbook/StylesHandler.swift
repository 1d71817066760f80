/// `xl/styles.xml`: which cell styles (a cell's `s`, an index into `cellXfs`)
/// show their number as a date or a time.
final class StylesHandler: SAXHandler {
    /// Style lists longer than this are no workbook's (Excel allows 64,000 cell formats).
    static let maxFormats = 65_536

    private var customFormats: [Int: String] = [:]
    private var formatIds: [Int] = []
    private var inCellFormats = false
    let done = false

    func start(_ name: SAXName, _ attributes: SAXAttributes) {
        if name.is("numFmt"), let id = attributes.integer("numFmtId"), let code = attributes.value("formatCode"),
            self.customFormats.count < Self.maxFormats
        {
            // A code longer than Excel's longest is no date format; it is not kept.
            self.customFormats[id] = code.count <= DateFormats.maxCodeLength ? String(decoding: code, as: UTF8.self) : ""
        } else if name.is("cellXfs") {
            self.inCellFormats = true
        } else if self.inCellFormats && name.is("xf") && self.formatIds.count < Self.maxFormats {
            self.formatIds.append(attributes.integer("numFmtId") ?? 0)
        }
    }

    func end(_ name: SAXName) {
        if name.is("cellXfs") { self.inCellFormats = false }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    /// By style index: the shape of a date or time, nil for every other number.
    var shapes: [SerialDate.Shape?] {
        // Each format's shape once, however many styles share it.
        let custom = self.customFormats.mapValues(DateFormats.shape(ofCode:))
        return self.formatIds.map { id in custom[id] ?? DateFormats.builtIn(id) }
    }
}
