import Testing
@testable import RecipientIO

/// The pieces that turn a stored cell into the text a person means: numbers by
/// value, date serials as ISO 8601, which formats are dates, column names as
/// people type them, and how a sheet is chosen.
@Suite("Cells as a person means them")
struct CellTextTests {
    /// The text `CellNumber` makes of a stored number.
    static func numberText(_ raw: String) -> String {
        let bytes = Array(raw.utf8)
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { CellNumber.append($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Numbers

    @Test(
        "a number is its value: no .0, no exponent on an integer; the shortest round-trip otherwise",
        arguments: [
            ("966501234567", "966501234567"),
            ("9.66501234567E+11", "966501234567"),
            ("966501234567.0", "966501234567"),
            ("12.75", "12.75"),
            ("0.1", "0.1"),
            ("-3", "-3"),
            ("1E-05", "1e-05"),
            ("00123", "123"),
        ])
    func number(raw: String, text: String) {
        #expect(Self.numberText(raw) == text)
    }

    // MARK: Date serials

    @Test("date serials in the 1900 and 1904 systems")
    func serials() {
        #expect(SerialDate.iso(46143, system1904: false, shape: .date) == "2026-05-01")
        #expect(SerialDate.iso(46143.395833333336, system1904: false, shape: .dateTime) == "2026-05-01T09:30:00")
        #expect(SerialDate.iso(44681, system1904: true, shape: .date) == "2026-05-01")
        #expect(SerialDate.iso(0.5, system1904: false, shape: .time) == "12:00:00")
    }

    @Test("Lotus's 29 February 1900: serial 1 is 1 January, serial 61 is 1 March")
    func lotusLeapDay() {
        #expect(SerialDate.iso(1, system1904: false, shape: .date) == "1900-01-01")
        #expect(SerialDate.iso(61, system1904: false, shape: .date) == "1900-03-01")
    }

    // MARK: Date formats

    @Test("built-in number formats: which are dates, date-times and times")
    func builtInFormats() {
        #expect(DateFormats.builtIn(14) == .date)
        #expect(DateFormats.builtIn(22) == .dateTime)
        #expect(DateFormats.builtIn(20) == .time)
        #expect(DateFormats.builtIn(0) == nil)
        #expect(DateFormats.builtIn(11) == nil)
    }

    @Test("custom format codes: letters outside quotes, escapes and brackets decide")
    func customFormats() {
        let cases: [(code: String, shape: SerialDate.Shape?)] = [
            ("yyyy-mm-dd", .date),
            ("yyyy\\-mm\\-dd", .date),
            ("d-mmm-yy", .date),
            ("yyyy-mm-dd hh:mm", .dateTime),
            ("h:mm AM/PM", .time),
            ("mm:ss", .time),
            ("[h]:mm:ss", .time),
            ("0.00E+00", nil),
            ("General", nil),
            ("#,##0.00", nil),
            ("\"Date\" 0", nil),
            ("[Red]0.00", nil),
        ]
        for (code, shape) in cases {
            #expect(DateFormats.shape(ofCode: code) == shape, "\(code)")
        }
    }

    // MARK: Column names

    @Test("column names match exactly first, else loosely, and two loose matches are ambiguous")
    func columnNames() {
        #expect(ColumnName.find("Mobile Number", in: ["mobile_number"]) == .loose(0))
        #expect(ColumnName.find("mobile", in: ["Mobile", "mobile"]) == .exact(1))
        #expect(ColumnName.find("Mobile Number", in: ["mobile_number", "MOBILE-NUMBER"]) == .ambiguous(0, 1))
        #expect(ColumnName.find("\u{FEFF}phone", in: ["Phone "]) == .loose(0))
        #expect(ColumnName.find("phone", in: ["email"]) == .missing)
    }

    @Test("did you mean: the closest column name")
    func closestName() {
        #expect(ColumnName.closest(to: "mobil", in: ["name", "mobile", "order"]) == "mobile")
    }

    // MARK: Sheet choice

    @Test("a sheet choice is auto, a position from 1, or else a name")
    func sheetChoice() {
        #expect(SheetChoice("auto") == .auto)
        #expect(SheetChoice("2") == .index(2))
        #expect(SheetChoice("Recipients") == .name("Recipients"))
        #expect(SheetChoice("0") == .name("0"))
    }
}
