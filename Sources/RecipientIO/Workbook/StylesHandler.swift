/// `xl/styles.xml`: which cell styles (a cell's `s`, an index into `cellXfs`)
/// show their number as a date or a time.
final class StylesHandler: SAXHandler {
    private var customFormats: [Int: String] = [:]
    private var formatIds: [Int] = []
    private var inCellFormats = false
    let done = false

    func start(_ name: SAXName, _ attributes: SAXAttributes) {
        if name.is("numFmt"), let id = attributes.integer("numFmtId"), let code = attributes.string("formatCode") {
            self.customFormats[id] = code
        } else if name.is("cellXfs") {
            self.inCellFormats = true
        } else if self.inCellFormats && name.is("xf") {
            self.formatIds.append(attributes.integer("numFmtId") ?? 0)
        }
    }

    func end(_ name: SAXName) {
        if name.is("cellXfs") { self.inCellFormats = false }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    /// By style index: the shape of a date or time, nil for every other number.
    var shapes: [SerialDate.Shape?] {
        self.formatIds.map { id in self.customFormats[id].map(DateFormats.shape(ofCode:)) ?? DateFormats.builtIn(id) }
    }
}
