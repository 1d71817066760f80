import CubeAPI
import RecipientIO

/// Reads one unit's recipients from `recipients.ndjson`: seeks to its batch,
/// skips to the unit's offset and takes its count.
enum RecipientBatchReader {
    static func read(run: RunDirectory, batch: BatchPlan.Batch, offset: Int, count: Int) throws -> [WireRecipient] {
        let reader = NDJSONReader(source: try FileSource(path: run.recipients, offset: batch.byteOffset), name: run.recipients,
                                  maxDepth: 4, maxStringBytes: 1 << 20)
        var skipped = 0
        var result: [WireRecipient] = []
        result.reserveCapacity(count)
        while result.count < count, let record = try reader.next() {
            if skipped < offset {
                skipped += 1
                continue
            }
            var recipient = WireRecipient(phone: "")
            var variables: [String: String] = [:]
            for field in record.fields {
                if field.name == "phone" {
                    recipient.phone = field.value
                } else if field.name == "name" {
                    recipient.name = field.value.isEmpty ? nil : field.value
                } else if field.name.hasPrefix("variables.") {
                    variables[String(field.name.dropFirst(10))] = field.value
                }
            }
            recipient.variables = variables.isEmpty ? nil : variables
            result.append(recipient)
        }
        guard result.count == count else {
            throw CampaignError(.dataError, "\(run.recipients) has fewer recipients than plan.json says (batch \(batch.index))",
                                hint: "the run's files changed after planning; start a new run directory")
        }
        return result
    }
}
