/// An OpenDocument spreadsheet's `content.xml`: its tables in order, each row
/// and cell with their repeat counts. A cell's value is its typed attribute
/// (`office:value` for numbers, `office:date-value`, `office:time-value`,
/// `office:boolean-value`) or else its paragraphs' text; comments are left out.
/// Repeats of empty rows and cells cost nothing (they only move the count); a
/// repeated cell with a value is placed once per column up to the sheet's
/// width, a repeated row with values once per row up to `maxRepeatedRows`.
final class ODSContentHandler: SAXHandler {
    static let office: StaticString = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let table: StaticString = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let text: StaticString = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    /// Rows a sheet may add by repeating rows that hold values, and cells in all those rows:
    /// a few hundred bytes of XML must not become billions of fields.
    static let maxRepeatedRows = 1_048_576
    static let maxRepeatedCells = 16 << 20
    static let maxRepeatedBytes = 256 << 20
    /// The row numbers a sheet may reach, empty repeats included (Calc's sheets end at 1,048,576).
    static let maxRowNumber = 1 << 31

    /// Which table's rows go to `rows`: by index from 0, or each table's header in turn.
    enum Target {
        case table(Int)
        case headers(stop: (_ index: Int, _ name: String, _ header: [String]?) -> Bool)
    }

    private let target: Target
    private let makeRows: () -> SheetRecordAssembler
    private(set) var rows: SheetRecordAssembler
    var emit: (RowBatch) -> Bool = { _ in true }
    private(set) var failure: InputError?
    /// Every table met so far, with its header row when headers were read.
    private(set) var tables: [(name: String, header: [String]?)] = []
    private var finished = false

    private var active = false
    private var rowNumber = 0
    private var rowRepeat = 1
    private var column = 0
    private var columnRepeat = 1
    private var inCell = false
    private var typed = false
    private var capture = false
    private var paragraphs = 0
    private var annotation = 0
    /// Tables nested inside the cell being read (a cell may hold a whole sub-table): skipped.
    private var nested = 0
    private var value: [UInt8] = []
    private var repeatedRows = 0
    private var repeatedCells = 0
    private var repeatedBytes = 0
    private let textLimit: Int

    var done: Bool { self.finished || self.failure != nil || (self.active && self.rows.done && !self.readsHeaders) }

    private var readsHeaders: Bool {
        if case .headers = self.target { return true }
        return false
    }

    init(target: Target, maxFieldBytes: Int, makeRows: @escaping () -> SheetRecordAssembler) {
        self.target = target
        self.makeRows = makeRows
        self.rows = makeRows()
        self.textLimit = maxFieldBytes + 1
    }

    func start(_ name: SAXName, _ attributes: SAXAttributes) {
        if self.inCell && name.is("table") && name.inNamespace(Self.table) { self.nested += 1 }
        if self.nested > 0 { return }
        if self.inCell {
            self.startInCell(name, attributes)
        } else if name.is("table-cell") || name.is("covered-table-cell") {
            guard self.active, !self.rows.done else { return }
            self.startCell(attributes)
        } else if name.is("table-row") {
            guard self.active, !self.rows.done else { return }
            self.rowRepeat = max(1, attributes.integer("number-rows-repeated", namespace: Self.table) ?? 1)
            guard self.rowRepeat <= Self.maxRowNumber - self.rowNumber else {
                self.failure = InputError(
                    file: self.rows.file, line: self.rowNumber,
                    message: "the sheet's rows go past row \(Self.maxRowNumber)",
                    hint: "the workbook is damaged or built to exhaust memory; export the sheet as .csv")
                return
            }
            self.rowNumber += 1
            self.column = 0
            self.rows.beginRow(self.rowNumber)
        } else if name.is("table") && name.inNamespace(Self.table) {
            let index = self.tables.count
            self.tables.append((attributes.string("name", namespace: Self.table) ?? "Sheet\(index + 1)", nil))
            self.rowNumber = 0
            switch self.target {
            case .table(let wanted): self.active = index == wanted
            case .headers:
                self.active = true
                self.rows = self.makeRows()
            }
        }
    }

    private func startCell(_ attributes: SAXAttributes) {
        self.inCell = true
        self.columnRepeat = max(1, attributes.integer("number-columns-repeated", namespace: Self.table) ?? 1)
        self.value.removeAll(keepingCapacity: true)
        self.paragraphs = 0
        self.typed = true
        switch attributes.string("value-type", namespace: Self.office) ?? "" {
        case "float", "percentage", "currency":
            if let raw = attributes.value("value", namespace: Self.office) { CellNumber.append(raw, to: &self.value) }
        case "date":
            if let raw = attributes.value("date-value", namespace: Self.office) {
                // Seconds are the finest a person means; a fraction of one is cut.
                self.value.append(contentsOf: raw.prefix { $0 != UInt8(ascii: ".") })
            }
        case "time":
            if let raw = attributes.string("time-value", namespace: Self.office) {
                self.value.append(contentsOf: Self.clock(raw).utf8)
            }
        case "boolean":
            if let raw = attributes.string("boolean-value", namespace: Self.office) {
                self.value.append(contentsOf: (raw == "true" || raw == "1" ? "true" : "false").utf8)
            }
        default:
            self.typed = false
        }
    }

    private func startInCell(_ name: SAXName, _ attributes: SAXAttributes) {
        if name.is("annotation") {
            self.annotation += 1
        } else if self.annotation > 0 || self.typed {
            return
        } else if name.is("p") || name.is("h") {
            if self.paragraphs > 0 { self.append(0x0A) }
            self.paragraphs += 1
            self.capture = true
        } else if name.is("s") && name.inNamespace(Self.text) {
            let spaces = min(
                max(1, attributes.integer("c", namespace: Self.text) ?? 1), max(0, self.textLimit - self.value.count))
            self.value.append(contentsOf: repeatElement(0x20, count: spaces))
        } else if name.is("tab") {
            self.append(0x09)
        } else if name.is("line-break") {
            self.append(0x0A)
        }
    }

    func end(_ name: SAXName) {
        if self.nested > 0 {
            if name.is("table") && name.inNamespace(Self.table) { self.nested -= 1 }
            return
        }
        if self.inCell {
            if name.is("annotation") {
                self.annotation -= 1
            } else if name.is("p") || name.is("h") {
                self.capture = false
            } else if name.is("table-cell") || name.is("covered-table-cell") {
                self.finishCell()
            }
        } else if name.is("table-row") {
            guard self.active, !self.rows.done else { return }
            self.finishRow()
        } else if name.is("table") && name.inNamespace(Self.table) {
            self.finishTable()
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard self.capture, self.annotation == 0, self.nested == 0 else { return }
        let room = self.textLimit - self.value.count
        self.value.append(contentsOf: room >= bytes.count ? bytes : UnsafeBufferPointer(rebasing: bytes[..<max(0, room)]))
    }

    private func append(_ byte: UInt8) {
        if self.value.count < self.textLimit { self.value.append(byte) }
    }

    private func finishCell() {
        self.inCell = false
        self.capture = false
        self.annotation = 0
        defer { self.column = self.column > Int.max - self.columnRepeat ? Int.max : self.column + self.columnRepeat }
        guard !self.value.isEmpty else { return }
        self.value.withUnsafeBufferPointer { value in
            for offset in 0..<self.columnRepeat {
                guard self.column + offset < SheetRecordAssembler.columnLimit else {
                    self.rows.rowTooWide()
                    return
                }
                self.rows.cell(column: self.column + offset, value)
            }
        }
    }

    private func finishRow() {
        self.rows.endRow()
        if self.rowRepeat > 1 {
            if self.rows.lastRowHadValues {
                let extra = self.rowRepeat - 1
                self.repeatedRows += extra
                let times = min(extra, Self.maxRepeatedRows + 1)
                self.repeatedCells += times * max(1, self.rows.lastRowWidth)
                self.repeatedBytes += times * self.rows.lastRowBytes
                guard self.repeatedRows <= Self.maxRepeatedRows, self.repeatedCells <= Self.maxRepeatedCells,
                    self.repeatedBytes <= Self.maxRepeatedBytes
                else {
                    self.failure = InputError(
                        file: self.rows.file, line: self.rowNumber,
                        message:
                            "the sheet repeats rows with values past \(Self.maxRepeatedRows) rows, \(Self.maxRepeatedCells) cells or \(Self.maxRepeatedBytes >> 20) MiB",
                        hint: "the workbook is damaged or built to exhaust memory; export the sheet as .csv")
                    return
                }
                // Handed on in batches as they fill: a repeat is as many rows as it says, never one batch.
                for line in self.rowNumber + 1..<self.rowNumber + self.rowRepeat {
                    self.rows.repeatRow(line: line)
                    self.emitIfReady()
                    if self.rows.done { break }
                }
            }
            self.rowNumber += self.rowRepeat - 1
        }
        self.emitIfReady()
    }

    private func emitIfReady() {
        if self.rows.batchReady, !self.emit(self.rows.drain()) { self.rows.done = true }
    }

    private func finishTable() {
        guard self.active else { return }
        self.active = false
        switch self.target {
        case .table:
            self.finished = true
        case .headers(let stop):
            let index = self.tables.count - 1
            self.tables[index].header = self.rows.header
            if stop(index, self.tables[index].name, self.rows.header) { self.finished = true }
        }
    }

    /// `PT09H30M05S` → `09:30:05`.
    static func clock(_ duration: String) -> String {
        var parts: [Character: Int] = [:]
        var number = ""
        for character in duration.drop(while: { $0 == "P" || $0 == "T" }) {
            if character.isNumber {
                number.append(character)
            } else if character == "." {
                break
            } else {
                parts[character] = Int(number) ?? 0
                number = ""
            }
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return two(parts["H"] ?? 0) + ":" + two(parts["M"] ?? 0) + ":" + two(parts["S"] ?? 0)
    }
}
