/// The record formats ingest reads.
public enum InputFormat: String, Sendable, Codable, CaseIterable {
    case csv, tsv, json, ndjson, xml
    /// Workbooks: Office Open XML (`.xlsx`, `.xlsm`) and OpenDocument (`.ods`).
    case xlsx, ods

    public var isWorkbook: Bool { self == .xlsx || self == .ods }
}

/// What detection (or an override) settled on for one input.
public struct InputDescription: Sendable, Codable, Equatable {
    public var format: InputFormat
    public var encoding: TextEncoding
    public var compression: String  // "none" | "gzip"
    public var delimiter: String?
    /// The sheet read, by name, for a workbook.
    public var sheet: String?

    public init(format: InputFormat, encoding: TextEncoding, compression: String, delimiter: String?, sheet: String? = nil) {
        self.format = format
        self.encoding = encoding
        self.compression = compression
        self.delimiter = delimiter
        self.sheet = sheet
    }
}
