import Foundation
import Testing

/// Hostile files through the real `campaign-ingest`, each measured for peak
/// memory by a parent process: a clear error or clean rejects, never a crash
/// or a hang (a 60 s guard kills a hung stage and fails the test).
@Suite("End to end: hostile inputs")
struct HostileInputTests {
    struct Outcome {
        var status: Int32
        var peakMiB: Double
        var stderr: String
        var run: String
    }

    static let folder: String = {
        let path = NSTemporaryDirectory() + "cube-hostile-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = Self.folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs campaign-ingest under a small Python parent that reports the child's peak RSS.
    func ingest(_ path: String) throws -> Outcome {
        let run = Self.folder + "/run-\(UUID().uuidString.prefix(8))"
        let script = """
            import resource, subprocess, sys
            try:
                r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
                code, err = r.returncode, r.stderr.decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                code, err = -1, "hung"
            print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            sys.stdout.write(err)
            """
        let result = try Executables.runCommand(
            "/usr/bin/env",
            [
                "python3", "-c", script,
                Executables.binDirectory.appendingPathComponent("campaign-ingest").path,
                "--pipeline", "pipelines/demo.yaml", "--run", run, path,
            ],
            environment: ["CUBE_ACCOUNT_ID": "sandbox-account"])
        let firstLine = result.stdout.split(separator: "\n", maxSplits: 1)
        let numbers = firstLine.first?.split(separator: " ") ?? []
        return Outcome(
            status: Int32(numbers.first ?? "") ?? -2, peakMiB: Double(numbers.last ?? "") ?? .infinity,
            stderr: firstLine.count > 1 ? String(firstLine[1]) : "", run: run)
    }

    func expectClearFailure(_ outcome: Outcome, _ path: String, mentioning words: String) {
        #expect(outcome.status == 65, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(path) && outcome.stderr.contains(words), "\(outcome.stderr)")
        #expect(outcome.peakMiB < 200, "peak \(outcome.peakMiB) MiB")
    }

    @Test(
        "a gzip of 2 GiB of zeros ends in a clear error",
        arguments: [
            (UInt8(0), "NUL byte"), (UInt8(ascii: "0"), "gzip bomb guard"),
        ])
    func gzipBomb(byte: UInt8, words: String) throws {
        // 32 members of 64 MiB each: 2 GiB when gunzipped. NUL zeros stop at the first byte;
        // ASCII zeros look like text and must be stopped by the expansion guard.
        let member = try gzipBytes([UInt8](repeating: byte, count: 64 << 20))
        let path = try Self.write("zeros-\(byte).csv.gz", Array((0..<32).map { _ in member }.joined()))
        self.expectClearFailure(try self.ingest(path), path, mentioning: words)
    }

    @Test("NUL bytes in a text export are refused with their position")
    func nulBytes() throws {
        let path = try Self.write("nul.csv", Array("first_name,mobile\nA,050\0123\n".utf8))
        self.expectClearFailure(try self.ingest(path), path, mentioning: "NUL byte")
    }

    @Test("random binary is refused, not parsed into garbage")
    func randomBinary() throws {
        var generator = SystemRandomNumberGenerator()
        let path = try Self.write("random.bin", (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let outcome = try self.ingest(path)
        #expect(outcome.status == 65, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(path))
        #expect(outcome.peakMiB < 200)
    }

    @Test("a 64 MiB field rejects its record, the rest is read, and memory stays bounded")
    func hugeField() throws {
        var bytes = Array("first_name,mobile,order\nA,0501234567,1\nB,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "9"), count: 64 << 20)
        bytes += Array(",2\nC,0501234568,3\n".utf8)
        let path = try Self.write("huge-field.csv", bytes)
        let outcome = try self.ingest(path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.peakMiB < 200, "peak \(outcome.peakMiB) MiB")
        let lines = try String(contentsOfFile: outcome.run + "/ingested.ndjson", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].contains("field_too_large"))
    }

    @Test("a row of 24 million commas and a 256 MiB XML record are refused, the rest is read, and memory stays bounded")
    func endlessRecords() throws {
        var csv = Array("first_name,mobile,order\nA,0501234567,1\n".utf8)
        // Without the field-count limit, this row's field ends alone would take 192 MiB.
        csv += [UInt8](repeating: UInt8(ascii: ","), count: 24 << 20)
        csv += Array("\nC,0501234568,3\n".utf8)
        var xml = Array("<rows>\n<row><mobile>0501234567</mobile></row>\n<row>".utf8)
        let child = Array("<p>\(String(repeating: "9", count: 1_000))</p>".utf8)
        for _ in 0..<(256 << 10) / 1_007 * 1_024 { xml += child }
        xml += Array("</row>\n<row><mobile>0501234568</mobile></row>\n</rows>\n".utf8)
        for (name, bytes, reason) in [
            ("endless-row.csv", csv, "too_many_fields"), ("endless-record.xml", xml, "record_too_large"),
        ] {
            let outcome = try self.ingest(try Self.write(name, bytes))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.peakMiB < 200, "\(name): peak \(outcome.peakMiB) MiB")
            let lines = try String(contentsOfFile: outcome.run + "/ingested.ndjson", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines[1].contains(reason), "\(name): \(lines.count > 1 ? String(lines[1].prefix(300)) : "")")
            #expect(lines[2].contains("0501234568"))
        }
    }

    @Test("quadratic entity blowup is refused before expansion")
    func quadraticBlowup() throws {
        let entity = String(repeating: "x", count: 50_000)
        let text =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"\(entity)\">]>\n<r><row><p>"
            + String(repeating: "&a;", count: 50_000) + "</p></row></r>\n"
        let path = try Self.write("quadratic.xml", Array(text.utf8))
        self.expectClearFailure(try self.ingest(path), path, mentioning: "declares entities")
    }

    @Test("XXE against /etc/passwd never shows the file's content")
    func xxe() throws {
        let text =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r><row><mobile>&x;</mobile></row></r>\n"
        let path = try Self.write("xxe.xml", Array(text.utf8))
        let outcome = try self.ingest(path)
        self.expectClearFailure(outcome, path, mentioning: "declares entities")
        #expect(!outcome.stderr.contains("root:"))
        let artifact = (try? String(contentsOfFile: outcome.run + "/ingested.ndjson", encoding: .utf8)) ?? ""
        #expect(!artifact.contains("root:"))
    }

    /// The workbook fixtures (Tests/Fixtures/workbooks, described in its README.md).
    static func workbook(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/workbooks").appendingPathComponent(name).path
    }

    @Test(
        "refused workbooks end in a clear error",
        arguments: [
            ("old-format.xls", "old Excel .xls workbook or a password-protected one"),
            ("encrypted.xlsx", "old Excel .xls workbook or a password-protected one"),
            ("truncated.xlsx", "truncated or damaged"),
            ("no-sheets.xlsx", "has no sheets"),
            ("entity.xlsx", "declares entities"),
            ("bomb.xlsx", "zip bomb guard"),
            ("bomb-ratio.ods", "zip bomb guard"),
        ])
    func refusedWorkbook(file: String, words: String) throws {
        let path = Self.workbook(file)
        self.expectClearFailure(try self.ingest(path), path, mentioning: words)
    }

    /// Workbooks a review built to break the reader (Tests/Fixtures/workbooks/hostile): sizes that
    /// overflow, repeats and widths that multiply, nesting, thousands of sheets.
    @Test(
        "review's hostile workbooks are refused (65) within limits",
        arguments: [
            ("z1.ods", "truncated or damaged"), ("z2.ods", "truncated or damaged"), ("z3.ods", "truncated or damaged"),
            ("rowovf.ods", "rows go past row"), ("reprow.ods", "repeats rows with values past"),
            ("reprow1.ods", "repeats rows with values past"), ("sheets.xlsx", "more than 4096 sheets"),
        ])
    func reviewRefused(file: String, words: String) throws {
        let path = Self.workbook("hostile/" + file)
        self.expectClearFailure(try self.ingest(path), path, mentioning: words)
    }

    @Test(
        "review's hostile workbooks that are readable are read within limits",
        arguments: [
            ("wide.xlsx", 20_000), ("nested.ods", 2), ("textsp.ods", 1), ("styles2.xlsx", 0), ("colbig.ods", 2),
        ])
    func reviewRead(file: String, records: Int) throws {
        let outcome = try self.ingest(Self.workbook("hostile/" + file))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.peakMiB < 200, "peak \(outcome.peakMiB) MiB")
        let lines = ((try? String(contentsOfFile: outcome.run + "/ingested.ndjson", encoding: .utf8)) ?? "").split(
            separator: "\n")
        #expect(lines.count == records)
    }

    @Test("a million repeated rows of 1024 repeated cells are read without expanding them")
    func repeatedRows() throws {
        let outcome = try self.ingest(Self.workbook("repeated-rows.ods"))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.peakMiB < 200, "peak \(outcome.peakMiB) MiB")
        let lines = try String(contentsOfFile: outcome.run + "/ingested.ndjson", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.last?.contains("Layla") == true)
    }

    @Test("an empty file and a header-only file give no records and no error")
    func emptyFiles() throws {
        for (name, text) in [("empty.csv", ""), ("header-only.csv", "first_name,mobile\r\n")] {
            let outcome = try self.ingest(try Self.write(name, Array(text.utf8)))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try String(contentsOfFile: outcome.run + "/ingested.ndjson", encoding: .utf8).isEmpty)
        }
    }
}

/// gzip through the system's gzip (an independent writer).
func gzipBytes(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = NSTemporaryDirectory() + "gz-\(UUID().uuidString)"
    try Data(bytes).write(to: URL(fileURLWithPath: input))
    let result = try Executables.runCommand("/bin/gzip", ["-c", "-n", input])
    return Array(result.stdoutData)
}
