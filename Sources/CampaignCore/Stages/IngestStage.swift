import Foundation
public import Logging
public import RecipientIO
public import RunArtifacts
import Sysexits

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
        options.regularFilesOnly = overrides.regularFilesOnly
        options.sheet = overrides.sheet ?? self.pipeline.input.sheet
        options.phoneColumn = self.pipeline.mapping.phone
        return options
    }

    @discardableResult
    public func run(inputs: [String], overrides: InputOverrides = .init()) throws -> RunManifest.IngestCounts {
        guard !inputs.isEmpty else {
            throw CampaignError(.usage, "no input files given", hint: "campaign-ingest --pipeline P --run DIR FILE…")
        }
        // Not while a submit or report works on the run (they read what this rewrites).
        let lock = try ExclusiveLock.run(self.directory)
        defer { withExtendedLifetime(lock) {} }
        let options = self.readOptions(overrides)
        let writer = try AtomicFileWriter(path: self.directory.ingested)
        var entries: [RunManifest.InputEntry] = []
        var total = RunManifest.IngestCounts(records: 0, rejects: 0)
        // The bar's share is of the bytes on disk (compressed ones for gzip), stdin's size is unknown.
        let sizes = inputs.map { path -> Int64? in
            var info = stat()
            return path != "-" && stat(path, &info) == 0 ? Int64(info.st_size) : nil
        }
        let progress = StageProgress(
            label: "ingest", logger: self.logger,
            totalBytes: sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) })
        var bytesBefore: Int64 = 0
        for path in inputs {
            let source = path == "-" ? "<stdin>" : path
            // An unreadable input is an `InputError`: bad data (65) by its own account.
            let opened = try InputOpener.open(path: path, options: options)
            var records = 0
            var rejects = 0
            // CSV and XML come in batches and go out from their bytes: no String per field.
            // Ids run on across sources: one past the records before this one.
            var sink = IngestedLineSink(source: source, firstId: total.records + 1)
            do {
                // A batch of records at a time, or one (JSON): the reader decides.
                while let step = try opened.reader.next(into: &sink) {
                    records += step.records
                    rejects += step.rejects
                    if sink.line.count >= 1 << 16 {
                        try writer.write(bytes: sink.line)
                        sink.line.removeAll(keepingCapacity: true)
                    }
                    progress.tick(step.records, bytes: bytesBefore + opened.raw.bytesReadSoFar)
                }
                try writer.write(bytes: sink.line)
                // Drain the raw stream so the digest covers the whole file.
                var drain = [UInt8](repeating: 0, count: 1 << 16)
                while try drain.withUnsafeMutableBytes({ try opened.raw.read(into: $0) }) > 0 {}
            } catch let error as InputError {
                throw CampaignError(.dataError, error.description)
            }
            let description = opened.description
            entries.append(
                RunManifest.InputEntry(
                    path: source, bytes: opened.raw.byteCount, sha256: opened.raw.hexDigest, format: description.format.rawValue,
                    encoding: description.encoding.rawValue, compression: description.compression,
                    delimiter: description.delimiter, sheet: description.sheet, records: records, rejects: rejects,
                    columns: sink.tooManyColumns ? nil : sink.columns))
            var metadata: Logger.Metadata = [
                "file": .string(source), "records": .stringConvertible(records), "rejects": .stringConvertible(rejects),
                "format": .string(description.format.rawValue), "encoding": .string(description.encoding.rawValue),
                "compression": .string(description.compression),
            ]
            if let sheet = description.sheet { metadata["sheet"] = .string(sheet) }
            self.logger.info("ingested", metadata: metadata)
            total.records += records
            total.rejects += rejects
            bytesBefore += opened.raw.byteCount
        }
        try writer.commit()
        progress.finish()
        var manifest = RunManifest(runId: self.directory.runId)
        manifest.instance = RunManifest.instance(of: self.directory)
        manifest.pipeline = .init(name: self.pipeline.name, path: self.pipeline.path, digest: self.pipeline.digest)
        manifest.inputs = entries
        manifest.stages.ingest = total
        try manifest.save(self.directory)
        return total
    }
}
