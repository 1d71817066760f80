import Foundation
@testable import RecipientIO

/// Writes bytes to a real file on disk, since readers are tested on files.
func temporaryFile(_ bytes: [UInt8], suffix: String = "") throws -> String {
    let path = NSTemporaryDirectory() + "recipientio-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

func temporaryFile(_ text: String, suffix: String = "") throws -> String {
    try temporaryFile(Array(text.utf8), suffix: suffix)
}

/// All records of a file, opened with detection.
func readAll(_ path: String, options: ReadOptions = ReadOptions()) throws -> (
    records: [SourceRecord], description: InputDescription
) {
    let opened = try InputOpener.open(path: path, options: options)
    var records: [SourceRecord] = []
    while let record = try opened.reader.next() { records.append(record) }
    return (records, opened.description)
}

/// The records of a file up to the error that stops it, that error, and the reader (to ask again).
func readUntilFailure(_ path: String, options: ReadOptions = ReadOptions())
    throws -> (records: [SourceRecord], failure: InputError?, reader: any RecordReader)
{
    let opened = try InputOpener.open(path: path, options: options)
    var records: [SourceRecord] = []
    do {
        while let record = try opened.reader.next() { records.append(record) }
    } catch let error as InputError {
        return (records, error, opened.reader)
    }
    return (records, nil, opened.reader)
}

/// An XML export: one `row(index)` a line for each index, inside `<export>`.
func exportXML(_ indexes: ClosedRange<Int>, _ row: (Int) -> String) -> String {
    var text = "<export>\n"
    for index in indexes { text += row(index) + "\n" }
    return text + "</export>\n"
}

extension SourceRecord {
    subscript(_ name: String) -> String? { self.fields.first { $0.name == name }?.value }
}

/// gzip through the system's gzip, so our reader is checked against an independent writer.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = try temporaryFile(bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n", input]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

/// Threads of this process with the given name (what `startNamedThread` set).
func threads(named name: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { task in
        let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
        return comm.trimmingCharacters(in: .whitespacesAndNewlines) == name
    }.count
}

/// Waits (up to five seconds) for threads of that name to end; how many are left.
func threadsLeft(named name: String, atMost limit: Int) -> Int {
    var left = threads(named: name)
    for _ in 0..<100 where left > limit {
        Thread.sleep(forTimeInterval: 0.05)
        left = threads(named: name)
    }
    return left
}
