/// What a user or pipeline says about an input; `nil` means detect it.
public struct ReadOptions: Sendable {
    public var format: InputFormat?
    public var encoding: TextEncoding?
    public var delimiter: UInt8?
    public var header: Bool
    public var record: String?
    public var maxFieldBytes: Int
    public var maxDepth: Int
    public var gzipLimits: GzipSource.Limits
    /// Only a regular file, opened without following a link (the inbox's claimed files).
    public var regularFilesOnly = false
    /// Which sheet of a workbook to read.
    public var sheet: SheetChoice = .auto
    /// The mapped phone column, by which `auto` picks a workbook's sheet.
    public var phoneColumn: String?

    public init(
        format: InputFormat? = nil, encoding: TextEncoding? = nil, delimiter: UInt8? = nil,
        header: Bool = true, record: String? = nil, maxFieldBytes: Int = 1 << 20,
        maxDepth: Int = 64, gzipLimits: GzipSource.Limits = .init()
    ) {
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.header = header
        self.record = record
        self.maxFieldBytes = maxFieldBytes
        self.maxDepth = maxDepth
        self.gzipLimits = gzipLimits
    }
}

/// An input opened for reading: its records and what was detected about it.
public struct OpenedInput {
    public var reader: any RecordReader
    public var description: InputDescription
    /// The raw bytes as read from disk; complete once the reader reached the end.
    public var raw: HashingSource
}

/// Opens an input and decides, from its bytes rather than its name, how it is
/// compressed, encoded and laid out; every guess can be overridden.
public enum InputOpener {
    static let sniffBytes = 1 << 16

    public static func open(path: String, options: ReadOptions) throws -> OpenedInput {
        let file = try FileSource(path: path, regularOnly: options.regularFilesOnly)
        let raw = HashingSource(file)
        let name = path == "-" ? "<stdin>" : path
        let magic = try PeekableSource(raw, peek: WorkbookKind.ole2Magic.count)
        if let workbook = try Self.workbook(file: file, name: name, magic: magic.peeked, options: options) {
            return OpenedInput(
                reader: workbook,
                description: InputDescription(
                    format: workbook.format, encoding: .utf8, compression: "none",
                    delimiter: nil, sheet: workbook.sheet), raw: raw)
        }
        var source: any ByteSource = magic
        var compression = "none"
        if magic.peeked.starts(with: [0x1F, 0x8B]) {
            // Inflating costs as much as parsing: it runs on its own thread, ahead of the reader.
            source = ReadAheadSource(try GzipSource(magic, name: name, limits: options.gzipLimits))
            compression = "gzip"
        }
        let head = try PeekableSource(source, peek: Self.sniffBytes)
        if compression == "gzip"
            && (head.peeked.starts(with: WorkbookKind.zipMagic) || head.peeked.starts(with: WorkbookKind.ole2Magic))
        {
            throw InputError(
                file: name, message: "the gzip file holds a workbook", hint: "gunzip it and ingest the .xlsx or .ods itself")
        }
        let (bomEncoding, bomLength) = Self.byteOrderMark(head.peeked)
        head.dropPrefix(bomLength)
        let encoding = options.encoding ?? bomEncoding ?? Self.guessEncoding(head.peeked)
        var text: any ByteSource = head
        if encoding != .utf8 {
            text = try PeekableSource(TranscodingSource(head, encoding: encoding, name: name), peek: Self.sniffBytes)
        }
        let textHead = (text as? PeekableSource)?.peeked.dropFirst(encoding == .utf8 ? bomLength : 0) ?? []
        let format = options.format ?? Self.guessFormat(Array(textHead), record: options.record, name: name)
        var description = InputDescription(format: format, encoding: encoding, compression: compression, delimiter: nil)
        let reader: any RecordReader
        switch format {
        case .csv, .tsv:
            let delimiter = options.delimiter ?? (format == .tsv ? 0x09 : Self.sniffDelimiter(Array(textHead)))
            description.delimiter = String(UnicodeScalar(delimiter))
            description.format = delimiter == 0x09 ? .tsv : .csv
            // Parsed on a thread of its own, so ingest's writing runs beside it.
            nonisolated(unsafe) let csv = CSVReader(
                source: text, name: name,
                options: .init(
                    delimiter: delimiter, header: options.header, maxFieldBytes: options.maxFieldBytes))
            reader = BatchedRecordReader(thread: "csv-parse") { emit in csv.run(emit: emit) }
        case .ndjson:
            reader = NDJSONReader(source: text, name: name, maxDepth: options.maxDepth, maxStringBytes: options.maxFieldBytes)
        case .json:
            reader = try JSONArrayReader(
                source: text, name: name, pointer: options.record, maxDepth: options.maxDepth,
                maxStringBytes: options.maxFieldBytes)
        case .xml:
            reader = try XMLRecordReader(
                source: text, name: name, record: options.record,
                maxFieldBytes: options.maxFieldBytes)
        case .xlsx, .ods:
            // Reached only when the bytes are not a ZIP archive (`workbook` took every one that is).
            throw InputError(
                file: name, message: "the file is not a \(format.rawValue) workbook (it is not a ZIP archive)",
                hint: "set input.format to auto, or check that this is the workbook you meant")
        }
        return OpenedInput(reader: reader, description: description, raw: raw)
    }

    /// A workbook reader when the bytes are a ZIP archive (or the format says workbook);
    /// an OLE2 file (`.xls`, or any password-protected workbook) is refused.
    static func workbook(file: FileSource, name: String, magic: [UInt8], options: ReadOptions) throws -> WorkbookRecordReader? {
        if magic.starts(with: WorkbookKind.ole2Magic) { throw WorkbookKind.oldOrEncrypted(name) }
        guard magic.starts(with: WorkbookKind.zipMagic), options.format?.isWorkbook ?? true else { return nil }
        guard file.path != "-" else {
            throw InputError(
                file: name, message: "a workbook cannot be read from stdin (a ZIP archive is read from its end)",
                hint: "name the .xlsx or .ods file itself")
        }
        return try WorkbookRecordReader(file: file, name: name, options: options)
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> (TextEncoding?, Int) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16le, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16be, 2) }
        return (nil, 0)
    }

    /// UTF-16 without a BOM shows as every other byte zero in ASCII-heavy text.
    static func guessEncoding(_ bytes: [UInt8]) -> TextEncoding {
        let sample = bytes.prefix(4096)
        guard sample.count >= 4 else { return .utf8 }
        var evenZeros = 0
        var oddZeros = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let half = sample.count / 2
        if oddZeros > half * 6 / 10 && evenZeros < half / 10 { return .utf16le }
        if evenZeros > half * 6 / 10 && oddZeros < half / 10 { return .utf16be }
        return .utf8
    }

    static func guessFormat(_ bytes: [UInt8], record: String?, name: String = "") -> InputFormat {
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return .csv }
        switch first {
        case UInt8(ascii: "<"): return .xml
        case UInt8(ascii: "["): return .json
        case UInt8(ascii: "{"):
            if let record, record.hasPrefix("/") { return .json }
            return Self.looksLikeNDJSON(bytes, name: name) ? .ndjson : .json
        default: return .csv
        }
    }

    /// NDJSON is one object a line with a second object after the first; one JSON
    /// value, on one line (minified) or many, is a document. A single line is
    /// NDJSON only when the file is named so (`.ndjson`, `.jsonl`).
    static func looksLikeNDJSON(_ bytes: [UInt8], name: String) -> Bool {
        let named = [".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz"].contains { name.lowercased().hasSuffix($0) }
        var depth = 0
        var inString = false
        var escaped = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth == 0 else { continue }
                // The first value closed: another value after it makes lines of values.
                let rest = bytes[index...].drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
                if let next = rest.first { return next == UInt8(ascii: "{") }
                return named
            // A value that goes on past a line end is a document laid out on lines.
            case 0x0A: if depth > 0 { return false }
            default: break
            }
        }
        // The first value is longer than the sample, all on one line: a minified document, unless named otherwise.
        return named
    }

    /// Picks the candidate that occurs most often on the first line, outside quotes.
    static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in bytes {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
            counts[best] > 0
        else { return UInt8(ascii: ",") }
        return candidates[best]
    }
}
