/// What a file is when its bytes say ZIP or OLE2, decided from its contents
/// rather than its name: an Office Open XML workbook, an OpenDocument
/// spreadsheet, or something refused with what to do instead.
enum WorkbookKind {
    case xlsx, ods

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// OLE2 compound files: `.xls` before 2007, and every password-protected workbook.
    static let ole2Magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"

    static func oldOrEncrypted(_ file: String) -> InputError {
        InputError(
            file: file,
            message:
                "the file is an old Excel .xls workbook or a password-protected one (an OLE2 file), which this reader does not open",
            hint: "open it in Excel or LibreOffice and save it as .xlsx (without a password) or .csv")
    }

    static func detect(_ archive: ZipArchive) throws -> WorkbookKind {
        if let entry = archive.entry("mimetype") {
            let mimetype = String(decoding: try archive.contents(of: entry, limit: 256), as: UTF8.self)
            guard mimetype.hasPrefix(Self.odsMimetype) else {
                throw InputError(
                    file: archive.file, message: "the file is an OpenDocument file of type \(mimetype), not a spreadsheet",
                    hint: "export the recipients from a spreadsheet as .ods, .xlsx or .csv")
            }
            return .ods
        }
        if archive.entry("[Content_Types].xml") != nil {
            if archive.entry("xl/workbook.bin") != nil {
                throw InputError(
                    file: archive.file, message: "the file is a binary Excel workbook (.xlsb)",
                    hint: "save it as .xlsx or .csv")
            }
            if archive.entries.contains(where: { $0.name.hasSuffix("workbook.xml") }) { return .xlsx }
            throw InputError(
                file: archive.file, message: "the file is an Office document, but not a workbook (it has no workbook part)",
                hint: "export the recipients from a spreadsheet as .xlsx or .csv")
        }
        throw InputError(
            file: archive.file, message: "the file is a ZIP archive, not a workbook",
            hint: "unzip it and name the export inside, or save the sheet as .xlsx, .ods or .csv")
    }
}
