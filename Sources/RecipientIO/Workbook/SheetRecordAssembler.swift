/// Turns a sheet's rows of cells into records, the way a CSV with a header
/// reads: the first row with a value names the columns (`HeaderNames`), every
/// later row with a value is a record holding each named column (empty when
/// its cell is) and any value to the right of them (`column_N`), and wholly
/// empty rows are skipped, as blank CSV lines are. A record's `line` is its row
/// number in the sheet, the row a person sees. Both workbook formats feed it.
///
/// Cells may come in any order (a column given twice keeps its first value).
/// Every header column is in every record up to `paddedColumns`; past that
/// width a record holds the columns up to its last value, so a hostile header
/// far to the right cannot make each one-cell row ten thousand fields.
final class SheetRecordAssembler {
    /// The columns of a sheet (Excel's and Calc's limit); a cell past it is refused.
    static let maxColumns = 16_384
    /// Fields a record may have: the sheet's columns, or fewer if records are bounded lower.
    static let columnLimit = min(maxColumns, RecordLimits.fields)
    /// Header columns every record holds even when its cells are empty.
    static let paddedColumns = 256
    /// A batch goes out at this many fields too (a row can be thousands).
    static let targetFields = 1 << 16
    /// Rows read while looking for the header (choosing a sheet) before giving up on one.
    static let headerSearchRows = 10_000

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
    private var rowStarts: [Int] = []
    private var rowEnds: [Int] = []
    private var inOrder = true
    private var rowsSeen = 0
    private var rowValues: [UInt8] = []
    private var rowReject: RecordReject?
    private(set) var lastRowHadValues = false
    /// The fields and value bytes of the last record made.
    private(set) var lastRowWidth = 0
    var lastRowBytes: Int { self.rowValues.count }

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

    /// Enough records wait to hand them on as a batch.
    var batchReady: Bool {
        self.rows.count >= RowBatch.targetRows || self.values.count >= RowBatch.targetBytes
            || self.fieldNames.count >= Self.targetFields
    }

    func beginRow(_ number: Int) {
        self.rowNumber = number
        self.rowsSeen += 1
        if self.headerOnly && self.header == nil && self.rowsSeen > Self.headerSearchRows { self.done = true }
        self.inOrder = true
        self.rowColumns.removeAll(keepingCapacity: true)
        self.rowStarts.removeAll(keepingCapacity: true)
        self.rowEnds.removeAll(keepingCapacity: true)
        self.rowValues.removeAll(keepingCapacity: true)
        self.rowReject = nil
    }

    /// A cell with a value (callers leave empty cells out); columns from 0, left to right.
    func cell(column: Int, _ value: UnsafeBufferPointer<UInt8>) {
        guard self.rowReject == nil, !value.isEmpty else { return }
        guard column < Self.columnLimit else { return self.rowTooWide() }
        if let last = self.rowColumns.last, column <= last {
            // The same column again keeps its first value; an earlier one is put in its place at the row's end.
            if column == last { return }
            self.inOrder = false
        }
        if value.count > self.maxFieldBytes {
            return self.refuse(
                RecordReject(
                    reason: .fieldTooLarge,
                    message: "the cell in column \(Self.letters(column)) is longer than \(self.maxFieldBytes) bytes"))
        }
        if self.rowValues.count + value.count > self.maxRecordBytes {
            return self.refuse(RecordLimits.tooLarge(self.maxRecordBytes))
        }
        self.rowStarts.append(self.rowValues.count)
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
        if !self.inOrder { self.sortRow() }
        self.lastRowHadValues = !self.rowColumns.isEmpty || self.rowReject != nil
        guard self.lastRowHadValues else { return }
        if self.header == nil && self.useHeader {
            if let reject = self.rowReject {
                self.failure = InputError(
                    file: self.file, line: self.rowNumber, message: "the header row is refused: \(reject.message)",
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

    /// The row just ended appears once more below it, at `line` (OpenDocument's repeated rows).
    func repeatRow(line: Int) {
        guard self.lastRowHadValues, self.header != nil || !self.useHeader else { return }
        self.appendRecord(line: line)
    }

    /// Puts the row's cells in column order, the first of a column given twice kept.
    private func sortRow() {
        let order = self.rowColumns.indices.sorted { (self.rowColumns[$0], $0) < (self.rowColumns[$1], $1) }
        var columns: [Int] = []
        var starts: [Int] = []
        var ends: [Int] = []
        for index in order where columns.last != self.rowColumns[index] {
            columns.append(self.rowColumns[index])
            starts.append(self.rowStarts[index])
            ends.append(self.rowEnds[index])
        }
        (self.rowColumns, self.rowStarts, self.rowEnds) = (columns, starts, ends)
        self.inOrder = true
    }

    private func takeHeader() {
        var raw = [String](repeating: "", count: (self.rowColumns.last ?? -1) + 1)
        self.rowValues.withUnsafeBufferPointer { values in
            for (cell, column) in self.rowColumns.enumerated() {
                raw[column] = String(
                    decoding: UnsafeBufferPointer(rebasing: values[self.rowStarts[cell]..<self.rowEnds[cell]]), as: UTF8.self)
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
            self.rows.append(
                BatchRow(
                    record: self.records, line: line, fields: self.fieldNames.count..<self.fieldNames.count,
                    rejectIndex: self.rejects.count))
            self.rejects.append(reject)
            return
        }
        let width = max(min(self.header?.count ?? 0, Self.paddedColumns), (self.rowColumns.last ?? -1) + 1)
        self.lastRowWidth = width
        if width > self.names.count { self.name(column: width - 1) }
        let firstField = self.fieldNames.count
        var cell = 0
        for column in 0..<width {
            let begin = self.values.count
            if cell < self.rowColumns.count && self.rowColumns[cell] == column {
                self.values.append(contentsOf: self.rowValues[self.rowStarts[cell]..<self.rowEnds[cell]])
                cell += 1
            }
            self.fieldNames.append(column)
            self.fieldRanges.append(begin..<self.values.count)
        }
        self.rows.append(BatchRow(record: self.records, line: line, fields: firstField..<self.fieldNames.count))
    }

    /// The records completed since the last call.
    func drain() -> RowBatch {
        let batch = RowBatch(
            rows: self.rows, fieldNames: self.fieldNames, fieldRanges: self.fieldRanges,
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
