import Foundation
import RecipientIO

/// A recipient ready to send.
public struct ValidRecipient: Sendable, Equatable {
    public var phone: String
    public var name: String?
    public var variables: [(key: String, value: String)]
    public var source: String
    public var record: Int

    public static func == (a: ValidRecipient, b: ValidRecipient) -> Bool {
        a.phone == b.phone && a.name == b.name && a.source == b.source && a.record == b.record
            && a.variables.map(\.key) == b.variables.map(\.key) && a.variables.map(\.value) == b.variables.map(\.value)
    }
}

/// Applies a pipeline's mapping and rules to one record at a time. Holds the
/// dedupe set, so records must come in input order (first one wins).
public final class RecipientValidator {
    public enum Decision {
        case accept(ValidRecipient)
        case reject(Reject)
    }

    static let maxVariableLength = 1_024
    static let maxNameLength = 256

    private let pipeline: Pipeline
    private let normalizer: PhoneNormalizer
    private let suppressed: Set<String>
    /// E.164 digits as a number → the first record with it, as source index << 32 |
    /// record (no string per entry: a million recipients must fit in little memory,
    /// and an integer hashes faster than a string).
    private var seen: [UInt64: UInt64] = [:]
    private var sources: [String] = []
    private var sourceIndex: [String: UInt64] = [:]

    public init(pipeline: Pipeline, suppressed: Set<String>) {
        self.pipeline = pipeline
        self.normalizer = PhoneNormalizer(region: pipeline.region, requireValid: pipeline.accept == .valid)
        self.suppressed = suppressed
    }

    /// Sizes the dedupe table once for the records ingest counted, instead of growing it while reading.
    public func expect(records: Int) {
        if self.pipeline.dedupe && records > 0 { self.seen.reserveCapacity(records) }
    }

    /// Starts normalising a chunk in the background, so the chunk before it can be decided and written meanwhile.
    func startNormalizing(_ records: [IngestedRecord]) -> PhoneBatch {
        PhoneBatch(records, field: self.pipeline.mapping.phone, normalizer: self.normalizer)
    }

    /// Normalises the phones of a chunk of records on every core (libphonenumber
    /// is the hot spot and its parsing is thread-safe); `decide` then runs in order.
    static func normalizePhones(_ records: [IngestedRecord], field: String, normalizer: PhoneNormalizer) -> [PhoneNormalizer.Outcome] {
        var outcomes = [PhoneNormalizer.Outcome](repeating: .missing, count: records.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let per = (records.count + workers - 1) / workers
        outcomes.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = worker * per
                let end = min(records.count, start + per)
                guard start < end else { return }
                for index in start..<end {
                    out[index] = normalizer.normalize(records[index].value(field) ?? "")
                }
            }
        }
        return outcomes
    }

    public func decide(_ record: IngestedRecord, phone normalized: PhoneNormalizer.Outcome? = nil) -> Decision {
        func reject(_ reason: String, field: String = "", value: String = "", _ message: String) -> Decision {
            .reject(Reject(source: record.source, record: record.record, line: record.line, reason: reason,
                           field: field, value: value, message: message))
        }
        if let problem = record.reject {
            return reject(problem.reason, problem.message)
        }
        let phoneField = self.pipeline.mapping.phone
        let raw = record.value(phoneField) ?? ""
        let phone: String
        switch normalized ?? self.normalizer.normalize(raw) {
        case .ok(let e164): phone = e164
        case .missing:
            return reject(RejectReason.missingPhone.rawValue, field: phoneField, value: raw,
                          record.value(phoneField) == nil ? "the record has no field '\(phoneField)'" : "the phone is empty")
        case .unparseable:
            return reject(RejectReason.invalidPhone.rawValue, field: phoneField, value: raw,
                          "not a phone number (region \(self.pipeline.region))")
        case .invalid:
            return reject(RejectReason.invalidNumber.rawValue, field: phoneField, value: raw,
                          "not a \(self.pipeline.accept == .valid ? "valid" : "possible") number for region \(self.pipeline.region) or its country code")
        }
        if self.suppressed.contains(phone) {
            return reject(RejectReason.suppressed.rawValue, field: phoneField, value: raw, "on the suppression list (opt-out)")
        }
        var name: String?
        if let nameField = self.pipeline.mapping.name {
            let value = (record.value(nameField) ?? "").trimmedFast
            if value.count > Self.maxNameLength {
                return reject(RejectReason.badName.rawValue, field: nameField, value: String(value.prefix(64)) + "…",
                              "the name is longer than \(Self.maxNameLength) characters")
            }
            name = value.isEmpty ? nil : value
        }
        var variables: [(key: String, value: String)] = []
        variables.reserveCapacity(self.pipeline.mapping.variables.count)
        for (key, source) in self.pipeline.mapping.variables {
            let value: String
            let fieldName: String
            switch source {
            case .constant(let constant):
                value = constant
                fieldName = "{value}"
            case .field(let path):
                value = (record.value(path) ?? "").trimmedFast
                fieldName = path
            }
            if value.isEmpty {
                return reject(RejectReason.missingVariable.rawValue, field: fieldName, value: "",
                              "template variable {{\(key)}} is empty")
            }
            if let problem = Self.variableProblem(value) {
                return reject(RejectReason.badVariable.rawValue, field: fieldName, value: String(value.prefix(64)),
                              "template variable {{\(key)}} \(problem)")
            }
            variables.append((key, value))
        }
        if self.pipeline.dedupe {
            let key = Self.dedupeKey(phone)
            if let first = self.seen[key] {
                let source = self.sources[Int(first >> 32)]
                return reject(RejectReason.duplicate.rawValue, field: phoneField, value: raw,
                              "same phone as record \(first & 0xFFFF_FFFF) of \(source)")
            }
            let index: UInt64
            if let known = self.sourceIndex[record.source] {
                index = known
            } else {
                index = UInt64(self.sources.count)
                self.sources.append(record.source)
                self.sourceIndex[record.source] = index
            }
            self.seen[key] = index << 32 | UInt64(record.record)
        }
        return .accept(ValidRecipient(phone: phone, name: name, variables: variables, source: record.source, record: record.record))
    }

    /// E.164 is "+" and at most 15 digits, the first never 0: as a number it is unique
    /// and fits 50 bits.
    static func dedupeKey(_ e164: String) -> UInt64 {
        var value: UInt64 = 0
        for byte in e164.utf8 where byte >= 0x30 && byte <= 0x39 {
            value = value &* 10 &+ UInt64(byte - 0x30)
        }
        return value
    }

    /// WhatsApp refuses body parameters with newlines, tabs, more than four
    /// spaces in a row, or over 1,024 characters.
    static func variableProblem(_ value: String) -> String? {
        if value.count > Self.maxVariableLength { return "is longer than \(Self.maxVariableLength) characters" }
        var spaces = 0
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n", "\r": return "contains a line break, which WhatsApp refuses"
            case "\t": return "contains a tab, which WhatsApp refuses"
            case " ":
                spaces += 1
                if spaces > 4 { return "has more than four spaces in a row, which WhatsApp refuses" }
            default: spaces = 0
            }
        }
        return nil
    }
}
