public import ContactHistory
import Foundation
import RecipientIO
public import RunArtifacts

/// A recipient validate accepted: a line of `recipients.ndjson` (`RecipientsFile` writes it).
public typealias ValidRecipient = RecipientRecord

/// Applies a pipeline's rules to one record at a time and keeps the dedupe
/// set, so records must come to `admit` in input order (first one wins). The
/// rules themselves (`RecipientRules`) hold no state and run on any core.
public final class RecipientValidator {
    public enum Decision {
        case accept(ValidRecipient)
        case reject(Reject)
    }

    public let rules: RecipientRules
    /// E.164 digits as a number → the first record with it, as source index << 32 |
    /// record (no string per entry: a million recipients must fit in little memory,
    /// and an integer hashes faster than a string).
    private var seen: [UInt64: UInt64] = [:]
    private var sources: [String] = []
    private var sourceIndex: [String: UInt64] = [:]

    public init(
        pipeline: Pipeline, suppressed: Set<String>, optedOut: [String: String] = [:], forgotten: ForgottenOptOuts = .none,
        template: MessageTemplate? = nil
    ) {
        self.rules = RecipientRules(
            pipeline: pipeline, suppressed: suppressed, optedOut: optedOut, forgotten: forgotten, template: template)
    }

    /// Sizes the dedupe table once for the records ingest counted, instead of growing it while reading.
    public func expect(records: Int) {
        if self.rules.pipeline.dedupe && records > 0 { self.seen.reserveCapacity(records) }
    }

    public func decide(_ record: IngestedRecord) -> Decision {
        switch self.rules.check(record) {
        case .reject(let reject): return .reject(reject)
        case .candidate(let candidate):
            let recipient = candidate.recipient
            if let first = self.admit(key: candidate.key, source: self.sourceIndex(recipient.source), record: recipient.record) {
                return .reject(
                    self.duplicate(
                        id: record.id, source: recipient.source, record: recipient.record, line: candidate.line,
                        raw: candidate.raw, first: first))
            }
            return .accept(recipient)
        }
    }

    /// A number standing for the source file, so the dedupe table holds no strings.
    public func sourceIndex(_ source: String) -> UInt64 {
        if let known = self.sourceIndex[source] { return known }
        let index = UInt64(self.sources.count)
        self.sources.append(source)
        self.sourceIndex[source] = index
        return index
    }

    /// Nil when this is the first record with the phone (it is remembered);
    /// else the record that came first, as `source index << 32 | record`.
    public func admit(key: UInt64, source: UInt64, record: Int) -> UInt64? {
        guard self.rules.pipeline.dedupe else { return nil }
        if let first = self.seen[key] { return first }
        self.seen[key] = source << 32 | UInt64(record)
        return nil
    }

    /// The reject of a record whose phone an earlier record (`first`, from `admit`) already has.
    public func duplicate(id: Int, source: String, record: Int, line: Int, raw: String, first: UInt64) -> Reject {
        Reject(
            id: id, source: source, record: record, line: line, reason: RejectReason.duplicate.rawValue,
            field: self.rules.pipeline.mapping.phone, value: raw,
            message: "same phone as record \(first & 0xFFFF_FFFF) of \(self.sources[Int(first >> 32)])")
    }
}
