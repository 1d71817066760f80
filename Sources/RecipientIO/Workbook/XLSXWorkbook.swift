/// An Office Open XML workbook (`.xlsx`, `.xlsm`): the package's relationships
/// lead to the workbook part, which lists the sheets in order and the date
/// system; its own relationships lead to each sheet, the shared strings and
/// the styles. The date styles are read before any sheet; the shared strings
/// on a thread of their own while sheets are read (`SharedStrings`).
final class XLSXWorkbook: Workbook {
    private let archive: ZipArchive
    private let sheets: [(name: String, part: String)]
    private let date1904: Bool
    private let strings: SharedStrings
    private let shapes: [SerialDate.Shape?]
    private let maxFieldBytes: Int
    /// Header rows read while choosing a sheet, by part.
    private var headers: [String: [String]?] = [:]

    init(archive: ZipArchive, maxFieldBytes: Int) throws {
        self.archive = archive
        self.maxFieldBytes = maxFieldBytes
        let workbookPart = try Self.officeDocument(in: archive) ?? "xl/workbook.xml"
        guard let workbookEntry = archive.entry(workbookPart) else {
            throw InputError(
                file: archive.file, message: "the workbook has no workbook part (\(workbookPart))",
                hint: "save it again from Excel or LibreOffice as .xlsx")
        }
        let list = PartListHandler()
        try archive.parse(workbookEntry, with: list)
        let relationships = PartListHandler()
        let folder = Self.folder(of: workbookPart)
        if let entry = archive.entry(folder + "_rels/" + workbookPart.dropFirst(folder.count) + ".rels") {
            try archive.parse(entry, with: relationships)
        }
        if list.tooMany || relationships.tooMany {
            throw InputError(
                file: archive.file, message: "the workbook lists more than \(PartListHandler.maxItems) sheets or parts",
                hint: "the workbook is damaged or built to exhaust time; export the sheet as .csv")
        }
        let targets = Dictionary(relationships.relationships.map { ($0.id, $0.target) }, uniquingKeysWith: { first, _ in first })
        self.sheets = list.sheets.map { sheet in (sheet.name, Self.resolve(targets[sheet.relationship] ?? "", from: folder)) }
        self.date1904 = list.date1904
        let stylesPart = relationships.target(ofType: "/styles").map { Self.resolve($0, from: folder) } ?? folder + "styles.xml"
        let styles = StylesHandler()
        if let entry = archive.entry(stylesPart) { try archive.parse(entry, with: styles) }
        self.shapes = styles.shapes
        let stringsPart =
            relationships.target(ofType: "/sharedStrings").map { Self.resolve($0, from: folder) } ?? folder + "sharedStrings.xml"
        if let entry = archive.entry(stringsPart) {
            // Checked here, so a bomb is refused before any thread starts.
            try archive.budget.admit(entry)
            self.strings = SharedStrings()
            SharedStringsHandler.fill(self.strings, from: entry, in: archive)
        } else {
            self.strings = .none
        }
    }

    deinit {
        self.strings.cancel()
    }

    func survey(until stop: @escaping (Int, String, () throws -> [String]?) throws -> Bool) throws -> [String] {
        for (index, sheet) in self.sheets.enumerated() {
            if try stop(index, sheet.name, { try self.header(of: index) }) { break }
        }
        return self.sheets.map(\.name)
    }

    func read(sheet index: Int, into rows: SheetRecordAssembler, emit: @escaping (RowBatch) -> Bool) throws {
        let handler = XLSXSheetHandler(
            rows: rows, strings: self.strings, shapes: self.shapes, date1904: self.date1904,
            maxFieldBytes: self.maxFieldBytes)
        handler.emit = emit
        try self.archive.parse(try self.entry(ofSheet: index), with: handler, readAhead: true)
        if let failure = handler.failure ?? rows.failure { throw failure }
    }

    private func header(of index: Int) throws -> [String]? {
        // Two sheets naming one part are read once.
        let part = self.sheets[index].part
        if let known = self.headers[part] { return known }
        let rows = SheetRecordAssembler(
            file: self.archive.file, header: true, maxFieldBytes: self.maxFieldBytes, headerOnly: true)
        let handler = XLSXSheetHandler(
            rows: rows, strings: self.strings, shapes: self.shapes, date1904: self.date1904,
            maxFieldBytes: self.maxFieldBytes)
        try self.archive.parse(try self.entry(ofSheet: index), with: handler)
        self.headers[part] = .some(rows.header)
        return rows.header
    }

    private func entry(ofSheet index: Int) throws -> ZipEntry {
        let sheet = self.sheets[index]
        guard let entry = self.archive.entry(sheet.part) else {
            throw InputError(
                file: self.archive.file, message: "the workbook lists sheet '\(sheet.name)' but has no part \(sheet.part) for it",
                hint: "the workbook is damaged; save it again from Excel or LibreOffice")
        }
        return entry
    }

    /// The package's main part, from `_rels/.rels`.
    private static func officeDocument(in archive: ZipArchive) throws -> String? {
        guard let entry = archive.entry("_rels/.rels") else { return nil }
        let handler = PartListHandler()
        try archive.parse(entry, with: handler)
        return handler.target(ofType: "/officeDocument").map { Self.resolve($0, from: "") }
    }

    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// A relationship's target as a part name: absolute (`/xl/…`) or relative to `folder`, `..` resolved.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }
}
