import ArtifactText
import CubeAPI

/// The line format of `recipients.ndjson`, written as bytes.
public enum RecipientLine {
    public static func encode(_ recipient: ValidRecipient, into out: inout [UInt8]) {
        out += #"{"phone":"#.utf8
        JSONText.quote(recipient.phone, into: &out)
        out += #","name":"#.utf8
        if let name = recipient.name { JSONText.quote(name, into: &out) } else { out += "null".utf8 }
        out += #","variables":{"#.utf8
        for (index, variable) in recipient.variables.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONText.quote(variable.key, into: &out)
            out.append(0x3A)
            JSONText.quote(variable.value, into: &out)
        }
        out += #"},"source":"#.utf8
        JSONText.quote(recipient.source, into: &out)
        out += #","record":"#.utf8
        JSONText.append(decimal: recipient.record, to: &out)
        out += "}\n".utf8
    }
}
