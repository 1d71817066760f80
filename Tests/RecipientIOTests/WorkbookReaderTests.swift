import Foundation
import Testing
@testable import RecipientIO

/// The workbook fixtures of Tests/Fixtures/workbooks (its README.md describes every cell),
/// read the way ingest reads them: the header's columns in order, every one present,
/// `line` the sheet's row number, `record` counting from 1.
@Suite("Workbooks")
struct WorkbookReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/workbooks")

    static func path(_ file: String) -> String {
        Self.folder.appendingPathComponent(file).path
    }

    /// A fixture read with the sheet choice and phone column ingest would pass.
    static func read(_ file: String, phone: String? = nil, sheet: SheetChoice = .auto)
        throws -> (records: [SourceRecord], description: InputDescription)
    {
        var options = ReadOptions()
        options.phoneColumn = phone
        options.sheet = sheet
        return try readAll(Self.path(file), options: options)
    }

    /// A record's fields by name.
    static func values(_ record: SourceRecord) -> [String: String] {
        Dictionary(record.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// A record's field names, in order.
    static func names(_ record: SourceRecord) -> [String] {
        record.fields.map(\.name)
    }

    /// Whether `error` is an input error naming `path` and saying `words`.
    static func refusal(_ error: any Error, _ path: String, _ words: String) -> Bool {
        guard let error = error as? InputError else { return false }
        return error.description.contains(path) && error.description.contains(words)
    }

    // MARK: LibreOffice's CSV import, as .xlsx and as .ods

    static let customers: [[String: String]] = [
        ["first_name": "سارة", "mobile": "966501234567", "order": "ORD-1001", "amount": "12.5", "joined": "2026-05-01"],
        ["first_name": "Omar", "mobile": "509876543", "order": "ORD-1002", "amount": "100", "joined": "2026-05-02"],
        ["first_name": "محمد", "mobile": "966551234567", "order": "ORD-1003", "amount": "7.25", "joined": "2026-04-30"],
        ["first_name": "Layla", "mobile": "+966 50 111 2222", "order": "ORD-1004", "amount": "0", "joined": "2026-01-15"],
        ["first_name": "Ahmed", "mobile": "966509998888", "order": "1005", "amount": "19.99", "joined": "2025-12-31"],
    ]

    @Test(
        "LibreOffice's customers: numbers by value, dates as ISO 8601, the blank row skipped",
        arguments: [
            ("customers-libreoffice.xlsx", InputFormat.xlsx), ("customers-libreoffice.ods", InputFormat.ods),
        ])
    func customers(file: String, format: InputFormat) throws {
        let (records, description) = try Self.read(file, phone: "mobile")
        #expect(description.format == format)
        #expect(description.sheet == "customers")
        #expect(records.map(\.record) == [1, 2, 3, 4, 5])
        #expect(records.map(\.line) == [2, 3, 4, 6, 7])
        #expect(records.allSatisfy { $0.reject == nil })
        for record in records {
            #expect(Self.names(record) == ["first_name", "mobile", "order", "amount", "joined"], "line \(record.line)")
        }
        #expect(records.map(Self.values) == Self.customers)
    }

    // MARK: Two sheets, the recipients on the second

    static let recipients: [[String: String]] = [
        [
            "Name": "سارة", "Mobile Number": "966501234567", "Order": "ORD-2001", "Amount": "12.75", "Joined": "2026-05-01",
            "Active": "true", "Visit": "2026-05-01T09:30:00",
        ],
        [
            "Name": "Omar", "Mobile Number": "966501234568", "Order": "ORD-2002", "Amount": "100", "Joined": "2026-05-02",
            "Active": "false", "Visit": "2026-05-02T17:45:00",
        ],
        [
            "Name": "Layla", "Mobile Number": "+966501234569", "Order": "2003", "Amount": "0.5", "Joined": "2026-04-30",
            "Active": "true", "Visit": "2026-04-30T08:00:00",
        ],
        [
            "Name": "محمد", "Mobile Number": "0509876543", "Order": "ORD-2004", "Amount": "7.25", "Joined": "2026-05-03",
            "Active": "false", "Visit": "2026-05-03T12:00:00",
        ],
    ]

    @Test("auto takes the sheet whose header holds the phone column, matched loosely")
    func autoFindsPhoneSheet() throws {
        let (records, description) = try Self.read("two-sheets-openpyxl.xlsx", phone: "mobile_number")
        #expect(description.format == .xlsx)
        #expect(description.sheet == "Recipients")
        #expect(records.map(\.record) == [1, 2, 3, 4])
        #expect(records.map(\.line) == [2, 3, 5, 7])
        for record in records {
            #expect(
                Self.names(record) == ["Name", "Mobile Number", "Order", "Amount", "Joined", "Active", "Visit"],
                "line \(record.line)")
        }
        #expect(records.map(Self.values) == Self.recipients)
    }

    @Test("auto falls back to the first sheet when no sheet has the phone column")
    func autoFallsBack() throws {
        let (_, description) = try Self.read("two-sheets-openpyxl.xlsx", phone: "mobile")
        #expect(description.sheet == "Notes")
    }

    @Test("a sheet chosen by position or by name", arguments: [SheetChoice.index(2), SheetChoice.name("Recipients")])
    func chosenSheet(choice: SheetChoice) throws {
        let (records, description) = try Self.read("two-sheets-openpyxl.xlsx", sheet: choice)
        #expect(description.sheet == "Recipients")
        #expect(records.map(Self.values) == Self.recipients)
    }

    @Test("a sheet name the workbook lacks is refused, listing the sheets it has")
    func missingSheet() throws {
        let path = Self.path("two-sheets-openpyxl.xlsx")
        var options = ReadOptions()
        options.sheet = .name("Nope")
        #expect {
            _ = try InputOpener.open(path: path, options: options)
        } throws: { error in
            Self.refusal(error, path, "no sheet 'Nope'") && "\(error)".contains("Notes, Recipients")
        }
    }

    // MARK: Formulas, rich text, date systems

    @Test("formulas read as their cached values: strings, numbers, booleans, errors, dates")
    func formulas() throws {
        let (records, description) = try Self.read("formulas-libreoffice.xlsx", phone: "Mobile")
        #expect(description.sheet == "Recipients")
        #expect(records.map(\.line) == [2, 3, 4, 5])
        #expect(records.first.map(Self.names) == ["Name", "Mobile", "Order", "Amount", "Joined", "Active"])
        #expect(
            records.map(Self.values) == [
                [
                    "Name": "Sara", "Mobile": "966501234567", "Order": "ORD-7", "Amount": "12.5", "Joined": "2026-05-01",
                    "Active": "true",
                ],
                [
                    "Name": "Omar", "Mobile": "+966501234570", "Order": "ORD-7-B", "Amount": "25", "Joined": "2026-05-02",
                    "Active": "false",
                ],
                [
                    "Name": "Layla", "Mobile": "966501234567", "Order": "ORD-9", "Amount": "#DIV/0!", "Joined": "2026-05-03",
                    "Active": "true",
                ],
                [
                    "Name": "Ahmed", "Mobile": "966501234567", "Order": "ORD-10", "Amount": "37.5", "Joined": "2026-05-04",
                    "Active": "false",
                ],
            ])
    }

    @Test(
        "rich text runs join into one value, inline and shared",
        arguments: [
            "richtext-libreoffice.xlsx", "richtext-openpyxl.xlsx",
        ])
    func richText(file: String) throws {
        let (records, _) = try Self.read(file, phone: "Mobile")
        #expect(records.map(\.line) == [2, 3])
        #expect(records.first.map(Self.names) == ["Name", "Mobile"])
        #expect(
            records.map(Self.values) == [
                ["Name": "Sara", "Mobile": "+966501234567"],
                ["Name": "Omar", "Mobile": "0509 876543"],
            ])
    }

    @Test("the 1904 date system")
    func date1904() throws {
        let (records, _) = try Self.read("date1904-openpyxl.xlsx", phone: "Mobile")
        #expect(records.map(Self.values) == [["Name": "Sara", "Mobile": "966501234567", "Joined": "2026-05-01"]])
    }

    @Test("ISO 8601 date cells (t=\"d\") keep their text")
    func isoDates() throws {
        let (records, _) = try Self.read("isodates-openpyxl.xlsx", phone: "Mobile")
        #expect(records.first.map(Self.names) == ["Name", "Mobile", "Joined", "Visit"])
        #expect(
            records.map(Self.values) == [
                ["Name": "Sara", "Mobile": "966501234567", "Joined": "2026-05-01", "Visit": "2026-05-01T09:30:00"]
            ])
    }

    // MARK: Hostile workbooks

    @Test("a million repeated empty rows are skipped without expanding them, the row after keeps its number")
    func repeatedRows() throws {
        let (records, description) = try Self.read("repeated-rows.ods", phone: "mobile")
        #expect(description.format == .ods)
        #expect(records.map(\.record) == [1, 2, 3])
        #expect(records.map(\.line) == [2, 3, 1_048_004])
        #expect(
            records.map(Self.values) == [
                ["first_name": "Sara", "mobile": "+966501234567"],
                ["first_name": "Omar", "mobile": "966501234568"],
                ["first_name": "Layla", "mobile": "966501234569"],
            ])
    }

    @Test(
        "refused workbooks say why",
        arguments: [
            ("old-format.xls", "old Excel .xls workbook or a password-protected one"),
            ("encrypted.xlsx", "old Excel .xls workbook or a password-protected one"),
            ("truncated.xlsx", "truncated or damaged"),
            ("no-sheets.xlsx", "has no sheets"),
            ("entity.xlsx", "declares entities"),
            ("bomb.xlsx", "zip bomb guard"),
            ("bomb-ratio.ods", "zip bomb guard"),
        ])
    func refused(file: String, words: String) throws {
        let path = Self.path(file)
        #expect {
            _ = try readAll(path, options: ReadOptions())
        } throws: { error in
            Self.refusal(error, path, words)
        }
    }
}
