import ArtifactText
import CubeAPI
import Foundation
import RecipientIO

/// `results.ndjson`: its one writer and its one reader. Keys sorted, absent
/// values left out (the bytes `JSONEncoder` with sorted keys gave before), so a
/// report rerun on the same answers writes the same file.
public enum ResultsFile {
    public static let file = RunFile.results

    public static func encode(_ result: ResultLine, into out: inout [UInt8]) {
        out += #"{"campaign_id":"#.utf8
        JSONText.quote(result.campaignId, into: &out)
        if let error = result.errorMessage {
            out += #","error_message":"#.utf8
            JSONText.quote(error, into: &out)
        }
        if let id = result.messageLogId {
            out += #","message_log_id":"#.utf8
            JSONText.quote(id, into: &out)
        }
        out += #","phone":"#.utf8
        JSONText.quote(result.phone, into: &out)
        if let sentAt = result.sentAt {
            out += #","sent_at":"#.utf8
            JSONText.quote(sentAt, into: &out)
        }
        out += #","status":"#.utf8
        JSONText.quote(result.status.rawValue, into: &out)
        out += #","unit":"#.utf8
        JSONText.quote(result.part, into: &out)
        out += "}\n".utf8
    }

    /// One line (with or without its newline); `line` is its 1-based number in `path`, for errors.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String, line: Int) throws -> ResultLine {
        let body = RecipientsFile.trimmed(bytes)
        if let result = Self.fast(body) { return result }
        do {
            return try JSONDecoder().decode(ResultLine.self, from: Data(body))
        } catch {
            throw ArtifactError(
                file: path, line: line, message: "not a result line (\(Self.reason(error)))",
                hint:
                    "this file is written by campaign-report from the API's answers; run campaign-report again for this run directory"
            )
        }
    }

    /// Every line of the file at `path`, in order; a damaged line stops with its number.
    public static func forEach(path: String, _ body: (ResultLine) throws -> Void) throws {
        let reader = LineReader(source: try FileSource(path: path), maxLineBytes: 1 << 20)
        while let (bytes, tooLong) = try reader.next() {
            guard !bytes.isEmpty else { continue }
            guard !tooLong else {
                throw ArtifactError(
                    file: path, line: reader.line, message: "a line longer than 1 MiB",
                    hint: "this file is written by campaign-report; run campaign-report again for this run directory")
            }
            try bytes.withUnsafeBytes { try body(try Self.decode($0, path: path, line: reader.line)) }
        }
    }

    static func fast(_ body: UnsafeRawBufferPointer) -> ResultLine? {
        var cursor = JSONCursor(body)
        guard cursor.take(#"{"campaign_id":"#), let campaign = cursor.string() else { return nil }
        var error: String?
        var logId: String?
        var sentAt: String?
        if cursor.take(#","error_message":"#) {
            guard let text = cursor.string() else { return nil }
            error = text
        }
        if cursor.take(#","message_log_id":"#) {
            guard let text = cursor.string() else { return nil }
            logId = text
        }
        guard cursor.take(#","phone":"#), let phone = cursor.string() else { return nil }
        if cursor.take(#","sent_at":"#) {
            guard let text = cursor.string() else { return nil }
            sentAt = text
        }
        guard cursor.take(#","status":"#), let status = cursor.string(), cursor.take(#","unit":"#), let part = cursor.string(),
            cursor.take(byte: 0x7D), cursor.atEnd
        else { return nil }
        return ResultLine(
            campaignId: campaign, part: part, phone: phone, status: RecipientStatus(rawValue: status),
            messageLogId: logId, errorMessage: error, sentAt: sentAt)
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        default: "not JSON"
        }
    }
}
