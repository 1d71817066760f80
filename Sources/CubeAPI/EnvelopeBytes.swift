import ArtifactText

/// An answer the client reads straight from the bytes, without `JSONDecoder`:
/// a report fetches ten thousand recipient pages a million recipients, and
/// `Codable` cost more than everything else it does with them. Nil for any
/// surprise; the client then decodes the same bytes with `JSONDecoder`, whose
/// error says what was wrong.
protocol EnvelopeBytesDecodable {
    /// `{"success":…,"data":{…}}`, keys in any order, unknown ones skipped.
    static func fromEnvelope(_ bytes: UnsafeRawBufferPointer) -> Self?
}

extension EnvelopeBytesDecodable {
    static func fromEnvelope(_ bytes: UnsafeRawBufferPointer, data: (inout JSONCursor) -> Self?) -> Self? {
        var cursor = JSONCursor(bytes)
        guard cursor.enterObject() else { return nil }
        var value: Self?
        var first = true
        while true {
            switch cursor.member(first: first) {
            case .end:
                cursor.skipWhitespace()
                return cursor.atEnd ? value : nil
            case .key("data"):
                guard let decoded = data(&cursor) else { return nil }
                value = decoded
            case .key:
                guard cursor.skipValue() else { return nil }
            default:
                return nil
            }
            first = false
        }
    }
}

extension RecipientPage: EnvelopeBytesDecodable {
    static func fromEnvelope(_ bytes: UnsafeRawBufferPointer) -> RecipientPage? {
        Self.fromEnvelope(bytes) { cursor in
            guard cursor.enterObject() else { return nil }
            var campaignId: String?
            var recipients: [RecipientResult]?
            var pagination: Pagination?
            var first = true
            while true {
                switch cursor.member(first: first) {
                case .end:
                    guard let campaignId, let recipients, let pagination else { return nil }
                    return RecipientPage(campaignId: campaignId, recipients: recipients, pagination: pagination)
                case .key("campaign_id"):
                    guard let text = cursor.string() else { return nil }
                    campaignId = text
                case .key("recipients"):
                    guard let list = Self.recipients(&cursor) else { return nil }
                    recipients = list
                case .key("pagination"):
                    guard let pages = Self.pagination(&cursor) else { return nil }
                    pagination = pages
                case .key:
                    guard cursor.skipValue() else { return nil }
                default:
                    return nil
                }
                first = false
            }
        }
    }

    private static func recipients(_ cursor: inout JSONCursor) -> [RecipientResult]? {
        guard cursor.enterArray() else { return nil }
        var list: [RecipientResult] = []
        list.reserveCapacity(100)
        var first = true
        while true {
            switch cursor.element(first: first) {
            case .end: return list
            case .next:
                guard let result = Self.result(&cursor) else { return nil }
                list.append(result)
            default: return nil
            }
            first = false
        }
    }

    private static func result(_ cursor: inout JSONCursor) -> RecipientResult? {
        guard cursor.enterObject() else { return nil }
        var phone: String?
        var status: String?
        var name: String?
        var messageLogId: String?
        var errorMessage: String?
        var sentAt: String?
        var first = true
        while true {
            let step = cursor.member(first: first)
            first = false
            switch step {
            case .end:
                guard let phone, let status else { return nil }
                return RecipientResult(
                    phone: phone, name: name, status: RecipientStatus(rawValue: status), messageLogId: messageLogId,
                    errorMessage: errorMessage, sentAt: sentAt)
            case .key(let key):
                switch key {
                case "phone": phone = cursor.string()
                case "status": status = cursor.string()
                case "name", "message_log_id", "error_message", "sent_at":
                    guard let value = cursor.nullableString() else { return nil }
                    switch key {
                    case "name": name = value
                    case "message_log_id": messageLogId = value
                    case "error_message": errorMessage = value
                    default: sentAt = value
                    }
                default:
                    guard cursor.skipValue() else { return nil }
                }
                if key == "phone" && phone == nil || key == "status" && status == nil { return nil }
            default:
                return nil
            }
        }
    }

    private static func pagination(_ cursor: inout JSONCursor) -> Pagination? {
        guard cursor.enterObject() else { return nil }
        var numbers: [String: Int] = [:]
        var first = true
        while true {
            switch cursor.member(first: first) {
            case .end:
                guard let current = numbers["current_page"], let perPage = numbers["per_page"], let total = numbers["total"],
                    let last = numbers["last_page"]
                else { return nil }
                return Pagination(currentPage: current, perPage: perPage, total: total, lastPage: last)
            case .key(let key) where ["current_page", "per_page", "total", "last_page"].contains(key):
                guard let number = cursor.signedInteger() else { return nil }
                numbers[key] = number
            case .key:
                guard cursor.skipValue() else { return nil }
            default:
                return nil
            }
            first = false
        }
    }
}
