import Testing
@testable import RecipientIO

/// The cases of csv-spectrum (github.com/max-mapper/csv-spectrum), an acid test
/// for CSV readers, each with the records its JSON twin lists. Written out here
/// from the project's documented cases; `newlines_as_ctrl_chars` (a comment-line
/// feed format) does not apply to CSV exports and is left out.
@Suite("CSV: the csv-spectrum cases")
struct CSVSpectrumTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var records: [[String]]
        var encoding: TextEncoding?
        var testDescription: String { self.name }

        init(_ name: String, _ text: String, _ records: [[String]], encoding: TextEncoding? = nil) {
            self.init(name, Array(text.utf8), records, encoding: encoding)
        }

        init(_ name: String, _ bytes: [UInt8], _ records: [[String]], encoding: TextEncoding? = nil) {
            self.name = name
            self.bytes = bytes
            self.records = records
            self.encoding = encoding
        }
    }

    static let cases: [Case] = [
        Case(
            "comma_in_quotes", "first,last,address,city,zip\nJohn,Doe,120 any st.,\"Anytown, WW\",08123\n",
            [["first", "John", "last", "Doe", "address", "120 any st.", "city", "Anytown, WW", "zip", "08123"]]),
        Case("empty", "a,b,c\n1,\"\",\"\"\n2,3,4\n", [["a", "1", "b", "", "c", ""], ["a", "2", "b", "3", "c", "4"]]),
        Case(
            "empty_crlf", "a,b,c\r\n1,\"\",\"\"\r\n2,3,4\r\n", [["a", "1", "b", "", "c", ""], ["a", "2", "b", "3", "c", "4"]]),
        Case("escaped_quotes", "a,b\n1,\"ha \"\"ha\"\" ha\"\n3,4\n", [["a", "1", "b", "ha \"ha\" ha"], ["a", "3", "b", "4"]]),
        Case(
            "json", "key,val\n1,\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [102.0, 0.5]}\"\n",
            [["key", "1", "val", "{\"type\": \"Point\", \"coordinates\": [102.0, 0.5]}"]]),
        Case(
            "latin1",
            [0x61, 0x2C, 0x62, 0x2C, 0x63, 0x0A, 0x31, 0x2C, 0x32, 0x2C, 0x33, 0x0A, 0x34, 0x2C, 0x35, 0x2C, 0xA9, 0x0A],
            [["a", "1", "b", "2", "c", "3"], ["a", "4", "b", "5", "c", "©"]], encoding: TextEncoding(name: "iso-8859-1")),
        Case(
            "location_coordinates",
            "Contact Phone Number,Location Coordinates,Cities,Counties\n02095257564,37°36'37.8\"N 121°2'17.9\"W,Modesto,Stanislaus",
            [
                [
                    "Contact Phone Number", "02095257564", "Location Coordinates", "37°36'37.8\"N 121°2'17.9\"W", "Cities",
                    "Modesto",
                    "Counties", "Stanislaus",
                ]
            ]),
        Case(
            "newlines", "a,b,c\n1,2,3\n\"Once upon \na time\",5,6\n7,8,9\n",
            [["a", "1", "b", "2", "c", "3"], ["a", "Once upon \na time", "b", "5", "c", "6"], ["a", "7", "b", "8", "c", "9"]]),
        Case(
            "newlines_crlf", "a,b,c\r\n1,2,3\r\n\"Once upon \r\na time\",5,6\r\n7,8,9\r\n",
            [
                ["a", "1", "b", "2", "c", "3"], ["a", "Once upon \r\na time", "b", "5", "c", "6"],
                ["a", "7", "b", "8", "c", "9"],
            ]),
        Case(
            "newlines_cr", "a,b,c\r1,2,3\r\"Once upon \ra time\",5,6\r7,8,9\r",
            [["a", "1", "b", "2", "c", "3"], ["a", "Once upon \ra time", "b", "5", "c", "6"], ["a", "7", "b", "8", "c", "9"]]),
        Case(
            "null", "a,b,c\n1,,2\n3,NULL,4\n5,\"\",6\n",
            [["a", "1", "b", "", "c", "2"], ["a", "3", "b", "NULL", "c", "4"], ["a", "5", "b", "", "c", "6"]]),
        Case(
            "quotes_and_newlines", "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n",
            [["a", "1", "b", "ha \n\"ha\" \nha"], ["a", "3", "b", "4"]]),
        Case("simple", "a,b,c\n1,2,3\n", [["a", "1", "b", "2", "c", "3"]]),
        Case("simple_crlf", "a,b,c\r\n1,2,3\r\n", [["a", "1", "b", "2", "c", "3"]]),
        Case("utf8", "a,b,c\n1,2,3\n4,5,ʤ\n", [["a", "1", "b", "2", "c", "3"], ["a", "4", "b", "5", "c", "ʤ"]]),
    ]

    @Test("reads each case into the records its JSON twin lists", arguments: Self.cases)
    func spectrum(_ spectrumCase: Case) throws {
        var options = ReadOptions(format: .csv)
        options.encoding = spectrumCase.encoding
        let (records, _) = try readAll(try temporaryFile(spectrumCase.bytes, suffix: ".csv"), options: options)
        #expect(records.allSatisfy { $0.reject == nil }, "\(records.compactMap(\.reject))")
        #expect(records.map { $0.fields.flatMap { [$0.name, $0.value] } } == spectrumCase.records)
    }
}
