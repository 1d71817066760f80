import Foundation

/// A chunk of records whose phones are normalised on the other cores while the
/// stage decides and writes the chunk before it: reading, libphonenumber and
/// writing overlap instead of taking turns.
final class PhoneBatch: @unchecked Sendable {
    let records: [IngestedRecord]
    private var outcomes: [PhoneNormalizer.Outcome] = []
    private let group = DispatchGroup()

    init(_ records: [IngestedRecord], field: String, normalizer: PhoneNormalizer) {
        self.records = records
        self.group.enter()
        DispatchQueue.global().async {
            self.outcomes = RecipientValidator.normalizePhones(records, field: field, normalizer: normalizer)
            self.group.leave()
        }
    }

    /// The outcomes, in record order, once every phone of the chunk is done.
    func wait() -> [PhoneNormalizer.Outcome] {
        self.group.wait()
        return self.outcomes
    }
}
