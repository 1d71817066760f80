import ContactHistory
import CubeAPI
import Foundation
import RecipientIO

/// Report's side of the contact history: the run's campaigns brought up to date
/// from its journal, what the API said of each recipient, and the opt-outs that
/// follows from it (`suppression_auto`): a recipient who stopped marketing
/// messages (131050), or who was undeliverable (131026) in two runs.
struct ReportHistory {
    static let undeliverableRuns = 2

    let pipeline: Pipeline
    let directory: RunDirectory
    let location: HistoryLocation

    func record(plan: BatchPlan, state: JournalState, now: Date = Date()) throws {
        let history = try SendHistory.open(self.location)
        try history.fill(from: state, plan: plan, directory: self.directory)
        guard FileManager.default.fileExists(atPath: self.directory.results) else { return }
        var outcomes: [SendOutcome] = []
        var stopped: [String] = []
        var undeliverable: [String] = []
        let reader = try LineReader(source: FileSource(path: self.directory.results), maxLineBytes: 1 << 20)
        let decoder = JSONDecoder()
        while let (bytes, _) = try reader.next() {
            guard !bytes.isEmpty, let line = try? decoder.decode(ResultLine.self, from: Data(bytes)), line.status != .pending else { continue }
            let failure = line.errorMessage.flatMap(MessageFailure.classify)
            let phone = ResultKey.e164(line.phone)
            outcomes.append(SendOutcome(campaignId: line.campaignId, phone: phone, status: line.status.rawValue, code: failure?.code))
            if failure == .stoppedMarketing { stopped.append(phone) }
            if failure == .notOnWhatsApp { undeliverable.append(phone) }
        }
        let found = Timestamp.utc(now)
        try history.guarded { try history.history.recordOutcomes(outcomes) }
        guard self.pipeline.suppressionAuto else { return }
        let twice = try history.guarded {
            try history.history.phonesFailing(code: MessageFailure.notOnWhatsApp.code, inAtLeast: Self.undeliverableRuns, among: undeliverable)
        }
        let optOuts = stopped.map { OptOut(phone: $0, reason: "\(MessageFailure.stoppedMarketing.code) stopped marketing messages", run: SendHistory.runKey(plan), foundAt: found) }
            + twice.map { OptOut(phone: $0, reason: "\(MessageFailure.notOnWhatsApp.code) undeliverable in \(Self.undeliverableRuns) runs", run: SendHistory.runKey(plan), foundAt: found) }
        try history.guarded { try history.history.addOptOuts(optOuts) }
    }
}
