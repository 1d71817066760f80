/// Turns a sheet's rows of cells into records, the way a CSV with a header
/// reads: the first row with a value names the columns (`HeaderNames`), every
/// later row with a value is a record holding each named column (empty when
/// its cell is) and any value to the right of them (`column_N`), and wholly
/// empty rows are skipped, as blank CSV lines are. A record's `line` is its row
/// number in the sheet, the row a person sees. Both workbook formats feed it.
final class SheetRecordAssembler {
    /// The columns of a sheet (Excel's and Calc's limit); a cell past it is refused.
    static let maxColumns = 16_384
    /// Fields a record may have: the sheet's columns, or fewer if records are bounded lower.
    static let columnLimit = min(maxColumns, RecordLimits.fields)

    let file: String
    private let useHeader: Bool
    private let maxFieldBytes: Int
    private let maxRecordBytes: Int
    /// Stop once the header row is read (choosing a sheet by its header).
    let headerOnly: Bool
    var done = false
    /// What stopped the sheet (a header row that cannot be read).
    private(set) var failure: InputError?

    /// Field names by column.
    private(set) var names: [String] = []
    private var taken = Set<String>()
    private(set) var header: [String]?
    private(set) var records = 0

    private var rowNumber = 0
    private var rowColumns: [Int] = []
    private var rowEnds: [Int] = []
    private var rowValues: [UInt8] = []
    private var rowReject: RecordReject?
    private(set) var lastRowHadValues = false

    private var rows: [BatchRow] = []
    private var fieldNames: [Int] = []
    private var fieldRanges: [Range<Int>] = []
    private var values: [UInt8] = []
    private var rejects: [RecordReject] = []

    init(file: String, header: Bool, maxFieldBytes: Int, headerOnly: Bool = false) {
        self.file = file
        self.useHeader = header
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = RecordLimits.bytes(fieldLimit: maxFieldBytes)
        self.headerOnly = headerOnly
    }

    var pendingRows: Int { self.rows.count }
    var pendingBytes: Int { self.values.count }

    func beginRow(_ number: Int) {
        self.rowNumber = number
        self.rowColumns.removeAll(keepingCapacity: true)
        self.rowEnds.removeAll(keepingCapacity: true)
        self.rowValues.removeAll(keepingCapacity: true)
        self.rowReject = nil
    }

    /// A cell with a value (callers leave empty cells out); columns from 0, left to right.
    func cell(column: Int, _ value: UnsafeBufferPointer<UInt8>) {
        guard self.rowReject == nil, !value.isEmpty else { return }
        guard column < Self.columnLimit else { return self.rowTooWide() }
        // A column given twice (or out of order) keeps its first value.
        if let last = self.rowColumns.last, column <= last { return }
        if value.count > self.maxFieldBytes {
            return self.refuse(RecordReject(reason: .fieldTooLarge,
                                            message: "the cell in column \(Self.letters(column)) is longer than \(self.maxFieldBytes) bytes"))
        }
        if self.rowValues.count + value.count > self.maxRecordBytes { return self.refuse(RecordLimits.tooLarge(self.maxRecordBytes)) }
        self.rowValues.append(contentsOf: value)
        self.rowColumns.append(column)
        self.rowEnds.append(self.rowValues.count)
    }

    /// Marks the row refused for a cell past the sheet's columns, without the cells.
    func rowTooWide() {
        self.refuse(RecordReject(reason: .tooManyFields, message: "the row has a value past column \(Self.columnLimit)"))
    }

    private func refuse(_ reject: RecordReject) {
        guard self.rowReject == nil else { return }
        self.rowReject = reject
        self.rowValues.removeAll()
    }

    /// Ends the row: the header, a record, or nothing for an empty row.
    func endRow() {
        self.lastRowHadValues = !self.rowColumns.isEmpty || self.rowReject != nil
        guard self.lastRowHadValues else { return }
        if self.header == nil && self.useHeader {
            if let reject = self.rowReject {
                self.failure = InputError(file: self.file, line: self.rowNumber, message: "the header row is refused: \(reject.message)",
                                          hint: "the first row with a value must name the columns")
                self.done = true
                return
            }
            self.takeHeader()
            if self.headerOnly { self.done = true }
            return
        }
        self.appendRecord(line: self.rowNumber)
    }

    /// The row just ended appears `times` more times below it (OpenDocument's repeated rows).
    func repeatRow(_ times: Int, firstLine: Int) {
        guard self.lastRowHadValues, self.header != nil || !self.useHeader else { return }
        for offset in 0..<times { self.appendRecord(line: firstLine + offset) }
    }

    private func takeHeader() {
        var raw = [String](repeating: "", count: (self.rowColumns.last ?? -1) + 1)
        var start = 0
        self.rowValues.withUnsafeBufferPointer { values in
            for (column, end) in zip(self.rowColumns, self.rowEnds) {
                raw[column] = String(decoding: UnsafeBufferPointer(rebasing: values[start..<end]), as: UTF8.self)
                start = end
            }
        }
        let names = HeaderNames.unique(raw)
        self.names = names
        self.taken = Set(names)
        self.header = names
    }

    private func name(column: Int) {
        while self.names.count <= column {
            var name = "column_\(self.names.count + 1)"
            var suffix = 2
            while self.taken.contains(name) {
                name = "column_\(self.names.count + 1)_\(suffix)"
                suffix += 1
            }
            self.taken.insert(name)
            self.names.append(name)
        }
    }

    private func appendRecord(line: Int) {
        self.records += 1
        if let reject = self.rowReject {
            self.rows.append(BatchRow(record: self.records, line: line, fields: self.fieldNames.count..<self.fieldNames.count,
                                      rejectIndex: self.rejects.count))
            self.rejects.append(reject)
            return
        }
        let width = max(self.header?.count ?? 0, (self.rowColumns.last ?? -1) + 1)
        if width > self.names.count { self.name(column: width - 1) }
        let firstField = self.fieldNames.count
        var cell = 0
        var start = 0
        for column in 0..<width {
            let begin = self.values.count
            if cell < self.rowColumns.count && self.rowColumns[cell] == column {
                let end = self.rowEnds[cell]
                self.values.append(contentsOf: self.rowValues[start..<end])
                start = end
                cell += 1
            }
            self.fieldNames.append(column)
            self.fieldRanges.append(begin..<self.values.count)
        }
        self.rows.append(BatchRow(record: self.records, line: line, fields: firstField..<self.fieldNames.count))
    }

    /// The records completed since the last call.
    func drain() -> RowBatch {
        let batch = RowBatch(rows: self.rows, fieldNames: self.fieldNames, fieldRanges: self.fieldRanges,
                             values: self.values, rejects: self.rejects, names: self.names)
        self.rows.removeAll(keepingCapacity: true)
        self.fieldNames.removeAll(keepingCapacity: true)
        self.fieldRanges.removeAll(keepingCapacity: true)
        self.values.removeAll(keepingCapacity: true)
        self.rejects.removeAll()
        return batch
    }

    /// A column's letters as a spreadsheet shows them (0 is A, 26 is AA).
    static func letters(_ column: Int) -> String {
        var number = column + 1
        var text: [Character] = []
        while number > 0 {
            let digit = (number - 1) % 26
            text.insert(Character(UnicodeScalar(UInt8(65 + digit))), at: 0)
            number = (number - 1) / 26
        }
        return String(text)
    }
}
