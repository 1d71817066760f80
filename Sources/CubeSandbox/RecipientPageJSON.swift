import ArtifactText
import CubeAPI

/// Recipient pages written by hand: the hottest answer of the sandbox (a
/// report fetches a million rows), and the same bytes `JSONEncoder.api` would
/// write (sorted keys, explicit nulls), which a test checks.
enum RecipientPageJSON {
    static func encode(_ page: RecipientPage) -> String {
        var out = "{\"data\":{\"campaign_id\":"
        out.reserveCapacity(200 + page.recipients.count * 180)
        JSONText.quote(page.campaignId, into: &out)
        let p = page.pagination
        out +=
            ",\"pagination\":{\"current_page\":\(p.currentPage),\"last_page\":\(p.lastPage),\"per_page\":\(p.perPage),\"total\":\(p.total)},\"recipients\":["
        for (index, row) in page.recipients.enumerated() {
            if index > 0 { out += "," }
            out += "{\"error_message\":"
            Self.optional(row.errorMessage, into: &out)
            out += ",\"message_log_id\":"
            Self.optional(row.messageLogId, into: &out)
            out += ",\"name\":"
            Self.optional(row.name, into: &out)
            out += ",\"phone\":"
            JSONText.quote(row.phone, into: &out)
            out += ",\"sent_at\":"
            Self.optional(row.sentAt, into: &out)
            out += ",\"status\":"
            JSONText.quote(row.status.rawValue, into: &out)
            out += "}"
        }
        out += "]},\"success\":true}"
        return out
    }

    private static func optional(_ value: String?, into out: inout String) {
        if let value { JSONText.quote(value, into: &out) } else { out += "null" }
    }
}
