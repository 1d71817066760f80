/// A workbook opened from its ZIP archive, whichever format: its sheets in
/// order, and a way to read one of them into records.
protocol Workbook: AnyObject {
    /// Walks the sheets in order, handing each one's index, name and a way to
    /// read its header row to `stop`, until `stop` answers true; answers every
    /// sheet's name seen.
    func survey(until stop: @escaping (Int, String, () throws -> [String]?) throws -> Bool) throws -> [String]

    /// Reads sheet `index` (from 0) to its end, handing records to `emit` in batches.
    func read(sheet index: Int, into rows: SheetRecordAssembler, emit: @escaping (RowBatch) -> Bool) throws
}

extension Workbook {
    /// The sheet `choice` names: its index and name, or an error listing the sheets there are.
    func pick(_ choice: SheetChoice, phoneColumn: String?, file: String) throws -> (index: Int, name: String) {
        var picked: (index: Int, name: String)?
        let names = try self.survey { index, name, header in
            switch choice {
            case .name(let wanted):
                if name == wanted { picked = (index, name) }
            case .index(let wanted):
                if index + 1 == wanted { picked = (index, name) }
            case .auto:
                if let phone = phoneColumn {
                    if let header = try header(), ColumnName.find(phone, in: header).index != nil { picked = (index, name) }
                } else {
                    picked = (index, name)
                }
            }
            return picked != nil
        }
        if let picked { return picked }
        guard let first = names.first else {
            throw InputError(
                file: file, message: "the workbook has no sheets", hint: "save it again with the sheet of recipients in it")
        }
        if choice == .auto { return (0, first) }
        throw InputError(
            file: file, message: "the workbook has no sheet '\(choice)' (its sheets: \(names.joined(separator: ", ")))",
            hint: "set input.sheet or --sheet to one of them, or to auto")
    }
}
