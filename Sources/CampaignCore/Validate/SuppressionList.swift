import Foundation
import RecipientIO
import Sysexits

/// Opt-out files: one phone per line, or a CSV whose phone column is found by
/// its header (phone, mobile, msisdn, number, …), normalised like recipients.
public enum SuppressionList {
    static let phoneHeaders = ["phone", "mobile", "msisdn", "number", "tel", "whatsapp", "جوال", "رقم", "هاتف"]

    public static func load(paths: [String], region: String, logger: (String) -> Void = { _ in }) throws -> Set<String> {
        let normalizer = PhoneNormalizer(region: region, requireValid: false)
        var phones = Set<String>()
        for path in paths {
            let opened: OpenedInput
            do {
                opened = try InputOpener.open(path: path, options: ReadOptions(format: nil, header: false))
            } catch let error as InputError {
                throw CampaignError(.config, "suppression list \(error.description)")
            }
            var column = 0
            var first = true
            var unreadable = 0
            do {
                while let record = try opened.reader.next() {
                    let values = record.fields.map(\.value)
                    if first {
                        first = false
                        let lowered = values.map { $0.lowercased() }
                        if let index = lowered.firstIndex(where: { name in Self.phoneHeaders.contains { name.contains($0) } }),
                            values.allSatisfy({ !$0.contains(where: \.isNumber) })
                        {
                            column = index
                            continue
                        }
                    }
                    guard column < values.count else { continue }
                    if case .ok(let phone) = normalizer.normalize(values[column]) {
                        phones.insert(phone)
                    } else if !values[column].isEmpty {
                        unreadable += 1
                    }
                }
            } catch let error as InputError {
                throw CampaignError(.config, "suppression list \(error.description)")
            }
            if unreadable > 0 { logger("\(path): \(unreadable) entries are not phone numbers and were skipped") }
        }
        return phones
    }
}
