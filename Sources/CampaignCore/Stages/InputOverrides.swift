public import RecipientIO

/// Overrides from the command line; they win over the pipeline's `input:`.
public struct InputOverrides: Sendable {
    public var format: InputFormat?
    public var encoding: TextEncoding?
    public var delimiter: UInt8?
    public var record: String?
    public var sheet: SheetChoice?
    public var maxFieldBytes: Int?
    public var gzipLimits: GzipSource.Limits?
    /// Read only regular files, never through a link (the inbox sets it for what people dropped).
    public var regularFilesOnly = false

    public init(
        format: InputFormat? = nil, encoding: TextEncoding? = nil, delimiter: UInt8? = nil, record: String? = nil,
        maxFieldBytes: Int? = nil, gzipLimits: GzipSource.Limits? = nil
    ) {
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.record = record
        self.maxFieldBytes = maxFieldBytes
        self.gzipLimits = gzipLimits
    }
}
