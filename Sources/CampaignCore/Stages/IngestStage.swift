import CubeAPI
import Foundation
import Logging
import RecipientIO

/// Overrides from the command line; they win over the pipeline's `input:`.
public struct InputOverrides: Sendable {
    public var format: InputFormat?
    public var encoding: TextEncoding?
    public var delimiter: UInt8?
    public var record: String?
    public var maxFieldBytes: Int?
    public var gzipLimits: GzipSource.Limits?

    public init(format: InputFormat? = nil, encoding: TextEncoding? = nil, delimiter: UInt8? = nil, record: String? = nil,
                maxFieldBytes: Int? = nil, gzipLimits: GzipSource.Limits? = nil) {
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.record = record
        self.maxFieldBytes = maxFieldBytes
        self.gzipLimits = gzipLimits
    }
}

/// Reads every input and writes `ingested.ndjson`: one line per source record,
/// fields in source order, or the reason the record could not be read.
public struct IngestStage {
    public let pipeline: Pipeline
    public let directory: RunDirectory
    public let logger: Logger

    public init(pipeline: Pipeline, directory: RunDirectory, logger: Logger) {
        self.pipeline = pipeline
        self.directory = directory
        self.logger = logger
    }

    public func readOptions(_ overrides: InputOverrides) -> ReadOptions {
        var options = ReadOptions(
            format: overrides.format ?? self.pipeline.input.format,
            encoding: overrides.encoding ?? self.pipeline.input.encoding,
            delimiter: overrides.delimiter ?? self.pipeline.input.delimiter,
            header: self.pipeline.input.header,
            record: overrides.record ?? self.pipeline.input.record)
        if let size = overrides.maxFieldBytes { options.maxFieldBytes = size }
        if let limits = overrides.gzipLimits { options.gzipLimits = limits }
        return options
    }

    @discardableResult
    public func run(inputs: [String], overrides: InputOverrides = .init()) throws -> RunManifest.IngestCounts {
        guard !inputs.isEmpty else { throw CampaignError(.usage, "no input files given", hint: "campaign-ingest --pipeline P --run DIR FILE…") }
        let options = self.readOptions(overrides)
        let writer = try AtomicFileWriter(path: self.directory.ingested)
        var entries: [RunManifest.InputEntry] = []
        var total = RunManifest.IngestCounts(records: 0, rejects: 0)
        let progress = Progress(label: "ingest", logger: self.logger)
        for path in inputs {
            let source = path == "-" ? "<stdin>" : path
            let opened: OpenedInput
            do {
                opened = try InputOpener.open(path: path, options: options)
            } catch let error as InputError {
                throw CampaignError(.dataError, error.description)
            }
            var records = 0
            var rejects = 0
            var encoder = IngestedLine(source: source)
            var line: [UInt8] = []
            line.reserveCapacity(1 << 17)
            // CSV and XML come in batches and go out from their bytes: no String per field.
            let batched = opened.reader as? BatchedRecordReader
            do {
                while true {
                    // Records written and rejects among them: a batch, or one record (JSON).
                    let step: (records: Int, rejects: Int)
                    if let batched {
                        guard let written = try batched.withNextRows({ encoder.encode($0, into: &line) }) else { break }
                        step = written
                    } else {
                        guard let record = try opened.reader.next() else { break }
                        step = (1, record.reject == nil ? 0 : 1)
                        encoder.encode(record, into: &line)
                    }
                    records += step.records
                    rejects += step.rejects
                    if line.count >= 1 << 16 {
                        try writer.write(bytes: line)
                        line.removeAll(keepingCapacity: true)
                    }
                    progress.tick(step.records)
                }
                try writer.write(bytes: line)
                // Drain the raw stream so the digest covers the whole file.
                var sink = [UInt8](repeating: 0, count: 1 << 16)
                while try sink.withUnsafeMutableBytes({ try opened.raw.read(into: $0) }) > 0 {}
            } catch let error as InputError {
                throw CampaignError(.dataError, error.description)
            }
            let description = opened.description
            entries.append(RunManifest.InputEntry(
                path: source, bytes: opened.raw.byteCount, sha256: opened.raw.hexDigest, format: description.format.rawValue,
                encoding: description.encoding.rawValue, compression: description.compression,
                delimiter: description.delimiter, records: records, rejects: rejects))
            self.logger.info("ingested", metadata: [
                "file": .string(source), "records": .stringConvertible(records), "rejects": .stringConvertible(rejects),
                "format": .string(description.format.rawValue), "encoding": .string(description.encoding.rawValue),
                "compression": .string(description.compression)])
            total.records += records
            total.rejects += rejects
        }
        try writer.commit()
        progress.finish()
        var manifest = RunManifest(runId: self.directory.runId)
        manifest.pipeline = .init(name: self.pipeline.name, path: self.pipeline.path, digest: self.pipeline.digest)
        manifest.inputs = entries
        manifest.stages.ingest = total
        try manifest.save(self.directory)
        return total
    }
}

/// The line format of `ingested.ndjson`, written as bytes by hand for stable key
/// order and speed: the source and the field names are quoted once, not per record.
public struct IngestedLine {
    /// The fixed parts of a line in one buffer: the source prefix, `,"line":`,
    /// `,"fields":{` and `}}\n`, up to these ends. A batch appends them from memory it
    /// holds once, not from four arrays a million times (a retain and release each).
    private let fixed: [UInt8]
    private let prefixEnd: Int
    private let lineEnd: Int
    private let fieldsEnd: Int
    private var names: [String] = []
    private var quotedNames: [[UInt8]] = []
    /// A batched file's field names by id, quoted with their colon, in one buffer.
    private var idNameBytes: [UInt8] = []
    private var idNameEnds: [Range<Int>] = []

    public init(source: String) {
        var fixed = Array(#"{"source":"#.utf8)
        JSONText.quote(source, into: &fixed)
        fixed += #","record":"#.utf8
        self.prefixEnd = fixed.count
        fixed += #","line":"#.utf8
        self.lineEnd = fixed.count
        fixed += #","fields":{"#.utf8
        self.fieldsEnd = fixed.count
        fixed += "}}\n".utf8
        self.fixed = fixed
    }

    public mutating func encode(_ record: SourceRecord, into out: inout [UInt8]) {
        let fixed = self.fixed
        fixed.withUnsafeBufferPointer { fixed in
            guard self.start(record: record.record, line: record.line, reject: record.reject, fixed, into: &out) else { return }
            for (index, field) in record.fields.enumerated() {
                self.name(field.name, at: index, into: &out)
                JSONText.quote(field.value, into: &out)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[self.fieldsEnd...]))
        }
    }

    /// The same lines for a batch of CSV or XML rows, from their bytes: names are
    /// quoted once per file, by id. How many records it wrote, and how many of them are rejects.
    public mutating func encode(_ batch: RowBatchView, into out: inout [UInt8]) -> (records: Int, rejects: Int) {
        while self.idNameEnds.count < batch.names.count {
            let start = self.idNameBytes.count
            JSONText.quote(batch.names[self.idNameEnds.count], into: &self.idNameBytes)
            self.idNameBytes.append(0x3A)
            self.idNameEnds.append(start..<self.idNameBytes.count)
        }
        var rejects = 0
        let fixed = self.fixed
        let nameBytes = self.idNameBytes
        let nameRanges = self.idNameEnds
        fixed.withUnsafeBufferPointer { fixed in
            nameBytes.withUnsafeBufferPointer { names in
                nameRanges.withUnsafeBufferPointer { nameRanges in
                    let close = UnsafeBufferPointer(rebasing: fixed[self.fieldsEnd...])
                    for row in batch.rows {
                        guard self.start(record: row.record, line: row.line, reject: batch.reject(of: row), fixed, into: &out) else {
                            rejects += 1
                            continue
                        }
                        for field in row.fields {
                            if field > row.fields.lowerBound { out.append(0x2C) }
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: names[nameRanges[batch.nameIds[field]]]))
                            JSONText.quote(bytes: UnsafeBufferPointer(rebasing: batch.values[batch.ranges[field]]), into: &out)
                        }
                        out.append(contentsOf: close)
                    }
                }
            }
        }
        return (batch.rows.count, rejects)
    }

    /// Source, record and line; then the whole reject, or the opening of the fields (true).
    private func start(record: Int, line: Int, reject: RecordReject?, _ fixed: UnsafeBufferPointer<UInt8>,
                       into out: inout [UInt8]) -> Bool {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[..<self.prefixEnd]))
        JSONText.append(decimal: record, to: &out)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[self.prefixEnd..<self.lineEnd]))
        JSONText.append(decimal: line, to: &out)
        guard let reject else {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[self.lineEnd..<self.fieldsEnd]))
            return true
        }
        out += #","reject":{"reason":"#.utf8
        JSONText.quote(reject.reason, into: &out)
        out += #","message":"#.utf8
        JSONText.quote(reject.message, into: &out)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[self.fieldsEnd...]))
        return false
    }

    /// A field's quoted name and colon, after a comma if it is not the first. Rows of
    /// one file mostly repeat the same names in the same places.
    private mutating func name(_ name: String, at index: Int, into out: inout [UInt8]) {
        if index > 0 { out.append(0x2C) }
        if index < self.names.count, self.names[index] == name {
            out += self.quotedNames[index]
        } else {
            var quoted: [UInt8] = []
            JSONText.quote(name, into: &quoted)
            if index < self.names.count {
                self.names[index] = name
                self.quotedNames[index] = quoted
            } else if index == self.names.count {
                self.names.append(name)
                self.quotedNames.append(quoted)
            }
            out += quoted
        }
        out.append(0x3A)
    }
}
