/// The record formats ingest reads.
public enum InputFormat: String, Sendable, Codable, CaseIterable {
    case csv, tsv, json, ndjson, xml
}

/// What detection (or an override) settled on for one input.
public struct InputDescription: Sendable, Codable, Equatable {
    public var format: InputFormat
    public var encoding: TextEncoding
    public var compression: String  // "none" | "gzip"
    public var delimiter: String?

    public init(format: InputFormat, encoding: TextEncoding, compression: String, delimiter: String?) {
        self.format = format
        self.encoding = encoding
        self.compression = compression
        self.delimiter = delimiter
    }
}
