/// One row of a CSV, byte by byte through the RFC 4180 states: ingest's innermost loop (every byte
/// of every CSV passes here). Split into steps the compiler inlines back into `readRow`
/// (`@inline(__always)`), so the row's state (`RowScan`) stays in registers as it did in the one
/// function it used to be: the release binary holds `readRow` alone, and ingest's CPU time did not
/// move (docs/benchmarks.md, "the house's third pass").
extension CSVReader {
    /// What one row's scan keeps between bytes.
    struct RowScan {
        var state = State.fieldStart
        var fieldStart = 0
        var problem: RecordReject?
        var sawAnything = false
        var lastByte: UInt8 = 0
        let startLine: Int
        let delimiter: UInt8
        let limit: Int
        let rowLimit: Int
    }

    func readRow() throws -> RawRow? {
        self.row.truncate(to: 0)
        self.ends.truncate(to: 0)
        let limit = self.options.maxFieldBytes
        var scan = RowScan(
            startLine: self.line, delimiter: self.options.delimiter, limit: limit,
            rowLimit: RecordLimits.bytes(fieldLimit: limit))
        while true {
            if self.copyRun(&scan) { continue }
            guard let byte = try self.nextByte() else { break }
            if self.pendingCR {
                self.pendingCR = false
                if byte == 0x0A { continue }
            }
            if let row = try self.take(byte, &scan) { return row }
        }
        guard scan.sawAnything else { return nil }
        if scan.state == .quoted {
            throw InputError(
                file: self.name, line: scan.startLine,
                message: "a quoted field opened here is never closed",
                hint: "a \" is missing; fix the row or export the file again")
        }
        return self.finishRow(line: scan.startLine, problem: scan.problem)
    }

    /// The fast path: a run of ordinary bytes copied at once instead of byte by byte. False when
    /// the next byte needs the states (a quote, a line end, a delimiter, NUL) or the chunk is used up.
    @inline(__always)
    private func copyRun(_ scan: inout RowScan) -> Bool {
        guard !self.pendingCR && self.chunkOffset < self.chunkCount && scan.state != .quoteInQuoted else { return false }
        let start = self.chunkOffset
        let quoted = scan.state == .quoted
        let available = self.chunkCount
        let buffer = self.chunk
        let delimiter = scan.delimiter
        var end = start
        while end < available {
            let byte = buffer[end]
            if byte == 0x22 || byte == 0x0A || byte == 0x0D || byte == 0 || (!quoted && byte == delimiter) { break }
            end += 1
        }
        guard end > start else { return false }
        let space = self.room(scan)
        let take = min(space, end - start)
        if take > 0 {
            self.row.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<start + take]))
        }
        if space < end - start { self.refuse(&scan) }
        self.chunkOffset = end
        scan.sawAnything = true
        scan.lastByte = self.chunk[end - 1]
        if scan.state == .fieldStart { scan.state = .unquoted }
        return true
    }

    /// One byte through the states; the row when the byte ended it.
    @inline(__always)
    private func take(_ byte: UInt8, _ scan: inout RowScan) throws -> RawRow? {
        scan.sawAnything = true
        let previous = scan.lastByte
        scan.lastByte = byte
        if byte == 0 {
            throw InputError(
                file: self.name, line: self.line,
                byteOffset: self.bytesBefore + Int64(self.chunkOffset - 1),
                message: "the file contains a NUL byte, so it is not a text export",
                hint: "if it is UTF-16, set --encoding utf-16le")
        }
        switch scan.state {
        case .quoted:
            if byte == 0x22 {
                scan.state = .quoteInQuoted
            } else {
                if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { self.line += 1 }
                self.append(byte, &scan)
            }
            return nil
        case .quoteInQuoted:
            if byte == 0x22 {
                self.append(byte, &scan)
                scan.state = .quoted
                return nil
            }
            scan.state = .unquoted
            return self.unquoted(byte, &scan)
        case .fieldStart, .unquoted:
            return self.unquoted(byte, &scan)
        }
    }

    /// A byte outside quotes: a delimiter ends the field, a line end the row, a quote at the
    /// field's start opens a quoted field, anything else is the field's.
    @inline(__always)
    private func unquoted(_ byte: UInt8, _ scan: inout RowScan) -> RawRow? {
        if byte == scan.delimiter {
            if self.ends.count < RecordLimits.fields {
                self.ends.append(self.row.count)
            } else if scan.problem == nil {
                scan.problem = RecordLimits.tooManyFields
            }
            scan.fieldStart = self.row.count
            scan.state = .fieldStart
        } else if byte == 0x0A || byte == 0x0D {
            self.line += 1
            if byte == 0x0D { self.pendingCR = true }
            return self.finishRow(line: scan.startLine, problem: scan.problem)
        } else if byte == 0x22 && scan.state == .fieldStart {
            scan.state = .quoted
        } else {
            self.append(byte, &scan)
            if scan.state == .fieldStart { scan.state = .unquoted }
        }
        return nil
    }

    /// How many more bytes the field may take: its own limit, and the row's.
    @inline(__always)
    private func room(_ scan: RowScan) -> Int {
        min(scan.limit - (self.row.count - scan.fieldStart), scan.rowLimit - self.row.count)
    }

    private func refuse(_ scan: inout RowScan) {
        guard scan.problem == nil else { return }
        scan.problem =
            self.row.count >= scan.rowLimit
            ? RecordLimits.tooLarge(scan.rowLimit)
            : RecordReject(reason: .fieldTooLarge, message: "field \(self.ends.count + 1) is longer than \(scan.limit) bytes")
    }

    @inline(__always)
    private func append(_ byte: UInt8, _ scan: inout RowScan) {
        if self.room(scan) > 0 {
            self.row.append(byte)
        } else {
            self.refuse(&scan)
        }
    }
}
