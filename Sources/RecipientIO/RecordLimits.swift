/// Bounds on one record beyond the field size limit, so no file can grow memory
/// through one endless row or element: a row of a billion commas, or an element
/// repeated inside one record (each copy keeps its bytes until the record ends).
/// A record past either is refused with its line, and the file goes on.
enum RecordLimits {
    /// A record's value bytes: sixteen fields at the field limit (16 MiB by default).
    static func bytes(fieldLimit: Int) -> Int {
        fieldLimit > Int.max / 16 ? Int.max : fieldLimit * 16
    }

    /// A delimited row's fields.
    static let fields = 10_000

    static func tooLarge(_ limit: Int) -> RecordReject {
        RecordReject(reason: .recordTooLarge, message: "the record is longer than \(limit) bytes in all")
    }

    static let tooManyFields = RecordReject(
        reason: .tooManyFields,
        message: "the row has more than \(RecordLimits.fields) fields")

    /// A JSON record: its values, flattened, are its fields (an array of a million numbers is a million).
    static let tooManyJSONFields = RecordReject(
        reason: .tooManyFields,
        message: "the record has more than \(RecordLimits.fields) values (arrays count each element)")
}
