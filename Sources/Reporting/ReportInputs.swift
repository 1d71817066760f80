import CampaignCore
import CubeAPI
import RecipientIO
import RunArtifacts
import Sysexits

/// The three artifacts the report walks together, all in input order:
/// `ingested.ndjson` (every record), `recipients.ndjson` (the valid ones) and
/// `rejects.csv` (the others). Each ingested record is matched to the head of
/// one of the other two by its record id, so nothing is held in memory but the
/// heads. Lines validated before ids existed carry none: they are matched by
/// source and record number, as they were then.
struct ReportInputs {
    enum Pairing {
        case recipient(RecipientRecord)
        case reject(SourceRecord)
    }

    let ingested: IngestedReader
    private let recipients: RecipientsReader
    private let rejects: CSVReader
    private var nextRecipient: RecipientRecord?
    private var nextReject: SourceRecord?

    init(directory: RunDirectory) throws {
        for file in [directory.ingested, directory.recipients, directory.rejects] {
            try directory.require(file, from: "campaign-validate")
        }
        self.ingested = try IngestedReader(path: directory.ingested)
        self.recipients = try RecipientsReader(path: directory.recipients)
        self.rejects = try RejectsFile.reader(path: directory.rejects)
        self.nextRecipient = try self.recipients.next()
        self.nextReject = try self.rejects.next()
    }

    /// Where `record` went in validate; the matched line is consumed.
    mutating func match(_ record: IngestedRecord) throws -> Pairing {
        if let recipient = self.nextRecipient,
            recipient.id.map({ $0 == record.id }) ?? (recipient.record == record.record && recipient.source == record.source)
        {
            self.nextRecipient = try self.recipients.next()
            return .recipient(recipient)
        }
        if let reject = self.nextReject, RejectsFile.matches(reject, record) {
            self.nextReject = try self.rejects.next()
            return .reject(reject)
        }
        throw CampaignError(
            .dataError, "\(record.source) record \(record.record) is neither in \(RunFile.recipients) nor in \(RunFile.rejects)",
            hint: "the run's artifacts disagree; run campaign-validate again")
    }

    /// After the last ingested record, nothing may be left in the other two.
    func expectDrained() throws {
        guard self.nextRecipient == nil, self.nextReject == nil else {
            throw CampaignError(
                .dataError, "\(RunFile.recipients) or \(RunFile.rejects) hold records that \(RunFile.ingested) does not",
                hint: "the run's artifacts disagree; run campaign-validate again")
        }
    }
}
