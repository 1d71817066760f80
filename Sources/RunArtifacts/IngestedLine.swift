import ArtifactText
import CubeAPI
public import RecipientIO

/// The line format of `ingested.ndjson`, written as bytes by hand for stable key
/// order and speed: the source and the field names are quoted once, not per record.
///
/// `{"id":N,"source":…,"record":N,"line":N,"fields":{…}}`: `id` is the record's
/// run-wide id, counted from 1 across every source in the order written, which
/// every later artifact carries (recipients, rejects, report rows).
public struct IngestedLine {
    /// The id the next record gets.
    public private(set) var nextId: Int
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

    public init(source: String, firstId: Int) {
        self.nextId = firstId
        var fixed = Array(#","source":"#.utf8)
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
                        guard self.start(record: row.record, line: row.line, reject: batch.reject(of: row), fixed, into: &out)
                        else {
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

    /// Id, source, record and line; then the whole reject, or the opening of the fields (true).
    private mutating func start(
        record: Int, line: Int, reject: RecordReject?, _ fixed: UnsafeBufferPointer<UInt8>,
        into out: inout [UInt8]
    ) -> Bool {
        out += #"{"id":"#.utf8
        JSONText.append(decimal: self.nextId, to: &out)
        self.nextId += 1
        out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[..<self.prefixEnd]))
        JSONText.append(decimal: record, to: &out)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[self.prefixEnd..<self.lineEnd]))
        JSONText.append(decimal: line, to: &out)
        guard let reject else {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: fixed[self.lineEnd..<self.fieldsEnd]))
            return true
        }
        out += #","reject":{"reason":"#.utf8
        JSONText.quote(reject.reason.rawValue, into: &out)
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
