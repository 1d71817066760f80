/// A worksheet part (`xl/worksheets/sheetN.xml`) cell by cell: each `c` by its
/// type (`t`) and style (`s`), its value from `v` or an inline string, handed
/// to the assembler as text a person means (`CellNumber`, `SerialDate`,
/// `true`/`false`, shared strings by index). Formulas count by their cached
/// value; a formula without one is an empty cell.
final class XLSXSheetHandler: SAXHandler {
    private enum Kind {
        case number, shared, boolean, text, isoDate
    }

    let rows: SheetRecordAssembler
    private let strings: SharedStrings
    private let shapes: [SerialDate.Shape?]
    private let date1904: Bool
    var emit: (RowBatch) -> Bool = { _ in true }
    private(set) var failure: InputError?

    private var rowNumber = 0
    private var nextColumn = 0
    private var column = 0
    private var kind = Kind.number
    private var style = 0
    private var capture = false
    private var inline = false
    private var phonetic = 0
    private var text: [UInt8] = []
    private var out: [UInt8] = []
    private let textLimit: Int

    var done: Bool { self.rows.done || self.failure != nil }

    /// Far past any sheet's last row (Excel's is 1,048,576); only a hostile file gets there.
    static let maxRowNumber = 1 << 40

    init(rows: SheetRecordAssembler, strings: SharedStrings, shapes: [SerialDate.Shape?], date1904: Bool, maxFieldBytes: Int) {
        self.rows = rows
        self.strings = strings
        self.shapes = shapes
        self.date1904 = date1904
        self.textLimit = maxFieldBytes + 1
        self.text.reserveCapacity(256)
        self.out.reserveCapacity(256)
    }

    func start(_ name: SAXName, _ attributes: SAXAttributes) {
        let first = name.local[0]
        if first == UInt8(ascii: "c") && name.local[1] == 0 {
            self.column = attributes.value("r").flatMap(Self.column(ofReference:)) ?? self.nextColumn
            self.nextColumn = self.column + 1
            self.kind = attributes.value("t").map(Self.kind(of:)) ?? .number
            self.style = attributes.integer("s") ?? 0
            self.text.removeAll(keepingCapacity: true)
        } else if first == UInt8(ascii: "v") && name.local[1] == 0 {
            self.capture = true
        } else if name.is("t") {
            self.capture = self.inline && self.phonetic == 0
        } else if name.is("row") {
            // Clamped, so a row numbered near Int.max and one after it cannot overflow.
            self.rowNumber = min(attributes.integer("r") ?? self.rowNumber + 1, Self.maxRowNumber)
            self.nextColumn = 0
            self.rows.beginRow(self.rowNumber)
        } else if name.is("is") {
            self.inline = true
            self.kind = .text
        } else if name.is("rPh") {
            self.phonetic += 1
        }
    }

    func end(_ name: SAXName) {
        let first = name.local[0]
        if first == UInt8(ascii: "c") && name.local[1] == 0 {
            self.finishCell()
        } else if (first == UInt8(ascii: "v") || first == UInt8(ascii: "t")) && name.local[1] == 0 {
            self.capture = false
        } else if name.is("row") {
            self.rows.endRow()
            if self.rows.batchReady, !self.emit(self.rows.drain()) { self.rows.done = true }
        } else if name.is("is") {
            self.inline = false
        } else if name.is("rPh") {
            self.phonetic -= 1
        }
    }

    @inline(__always)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.capture else { return }
        // Past the field limit the bytes are not kept; the assembler refuses the cell by its length.
        let room = self.textLimit - self.text.count
        self.text.append(contentsOf: room >= bytes.count ? bytes : UnsafeBufferPointer(rebasing: bytes[..<max(0, room)]))
    }

    private func finishCell() {
        guard !self.text.isEmpty else { return }
        self.out.removeAll(keepingCapacity: true)
        self.text.withUnsafeBufferPointer { text in
            switch self.kind {
            case .text, .isoDate:
                self.out.append(contentsOf: text)
            case .boolean:
                self.out.append(contentsOf: text.count == 1 && text[0] == UInt8(ascii: "1") ? Self.trueText : Self.falseText)
            case .shared:
                let found: Void?
                do {
                    // An index past any table (Int.max when too long) finds nothing: the error below.
                    found = try SAXAttributes.decimal(text).flatMap {
                        try self.strings.withString($0) { self.out.append(contentsOf: $0) }
                    }
                } catch let error as InputError {
                    self.failure = error
                    return
                } catch {
                    return
                }
                guard found != nil else {
                    self.failure = InputError(
                        file: self.rows.file, line: self.rowNumber,
                        message:
                            "a cell refers to shared string \(String(decoding: text, as: UTF8.self)), but the workbook has \(self.strings.count)",
                        hint: "the workbook is damaged; save it again from Excel or LibreOffice")
                    return
                }
            case .number:
                if self.style > 0, self.style < self.shapes.count, let shape = self.shapes[self.style],
                    let serial = CellNumber.parse(text), let iso = SerialDate.iso(serial, system1904: self.date1904, shape: shape)
                {
                    self.out.append(contentsOf: iso.utf8)
                } else {
                    CellNumber.append(text, to: &self.out)
                }
            }
        }
        self.out.withUnsafeBufferPointer { self.rows.cell(column: self.column, $0) }
    }

    private static func kind(of type: UnsafeBufferPointer<UInt8>) -> Kind {
        switch String(decoding: type, as: UTF8.self) {
        case "s": .shared
        case "b": .boolean
        case "str", "inlineStr", "e": .text
        case "d": .isoDate
        default: .number
        }
    }

    /// `B7` → 1: the letters of a cell reference as a column from 0.
    static func column(ofReference reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= 0x41 && upper <= 0x5A else { break }
            column = column * 26 + Int(upper - 0x40)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
}
