import ArtifactText
public import Foundation

extension CreateCampaignRequest {
    /// The create body, written by hand as bytes: 50,000 recipients through `JSONEncoder`
    /// cost about half a second a batch, and through `String` appends a quarter. Keys are
    /// sorted and nils omitted, so the
    /// same request always gives the same bytes (the server's idempotency check
    /// compares bodies), and a test checks it decodes back to the same request.
    public func jsonBody() -> Data {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256 + self.recipients.count * 96)
        var first = true
        func key(_ name: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            out += name.utf8
            out += "\":".utf8
        }
        if let name = self.campaignName {
            key("campaign_name")
            JSONText.quote(name, into: &out)
        }
        key("message_type")
        JSONText.quote(self.messageType, into: &out)
        key("recipients")
        out += "[".utf8
        for (index, recipient) in self.recipients.enumerated() {
            if index > 0 { out += ",".utf8 }
            out += "{".utf8
            if let name = recipient.name {
                out += "\"name\":".utf8
                JSONText.quote(name, into: &out)
                out += ",".utf8
            }
            out += "\"phone\":".utf8
            JSONText.quote(recipient.phone, into: &out)
            if let variables = recipient.variables {
                out += ",\"variables\":{".utf8
                for (position, name) in variables.keys.sorted().enumerated() {
                    if position > 0 { out += ",".utf8 }
                    JSONText.quote(name, into: &out)
                    out += ":".utf8
                    JSONText.quote(variables[name] ?? "", into: &out)
                }
                out += "}".utf8
            }
            out += "}".utf8
        }
        out += "]".utf8
        if let scheduledAt = self.scheduledAt {
            key("scheduled_at")
            JSONText.quote(scheduledAt, into: &out)
        }
        if let language = self.templateLanguage {
            key("template_language")
            JSONText.quote(language, into: &out)
        }
        key("template_name")
        JSONText.quote(self.templateName, into: &out)
        if let params = self.templateParams {
            key("template_params")
            out += "[".utf8
            for (index, param) in params.enumerated() {
                if index > 0 { out += ",".utf8 }
                JSONText.quote(param, into: &out)
            }
            out += "]".utf8
        }
        if let zone = self.timezone {
            key("timezone")
            JSONText.quote(zone, into: &out)
        }
        key("whatsapp_account_id")
        JSONText.quote(self.whatsappAccountId, into: &out)
        out += "}".utf8
        return Data(out)
    }
}
