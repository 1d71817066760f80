/// The small XML parts that say where things are: `_rels/*.rels` (relationship
/// id, type and target) and `xl/workbook.xml` (its sheets in order, and the
/// date system).
final class PartListHandler: SAXHandler {
    struct Relationship {
        let id: String
        let type: String
        let target: String
    }

    struct Sheet {
        let name: String
        let relationship: String
    }

    private(set) var relationships: [Relationship] = []
    private(set) var sheets: [Sheet] = []
    private(set) var date1904 = false
    /// More sheets or relationships than a workbook has (Excel's own limit is memory) are refused.
    static let maxItems = 4_096
    private(set) var tooMany = false
    var done: Bool { self.tooMany }

    func start(_ name: SAXName, _ attributes: SAXAttributes) {
        if self.relationships.count >= Self.maxItems || self.sheets.count >= Self.maxItems {
            self.tooMany = true
        } else if name.is("Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target") {
            self.relationships.append(Relationship(id: id, type: attributes.string("Type") ?? "", target: target))
        } else if name.is("sheet"), let sheet = attributes.string("name") {
            // `r:id`: the only attribute named `id` there (`sheetId` is another name).
            self.sheets.append(Sheet(name: sheet, relationship: attributes.string("id") ?? ""))
        } else if name.is("workbookPr") {
            let value = attributes.string("date1904") ?? ""
            self.date1904 = value == "1" || value == "true"
        }
    }

    func end(_ name: SAXName) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    func target(ofType suffix: String) -> String? {
        self.relationships.first { $0.type.hasSuffix(suffix) }?.target
    }
}
